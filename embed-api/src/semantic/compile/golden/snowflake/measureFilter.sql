-- current
with "F0" as (select "J0"."CAMPAIGN_ID" as "D0", "J0"."CAMPAIGN_NAME" as "D1", sum("F"."SPEND_REPORTING") as "M0", sum("F"."CONVERSION_VALUE_REPORTING") as "M1" from "CLIENT_RARE_SEEDS_DB"."MARTS"."FACT_CAMPAIGN_PERFORMANCE_DAILY" as "F" left join "CLIENT_RARE_SEEDS_DB"."MARTS"."DIM_CAMPAIGN" as "J0" on ("J0"."CAMPAIGN_KEY" = "F"."CAMPAIGN_KEY" and "J0"."TENANT_ID" = ? and "J0"."IS_CURRENT") where "F"."TENANT_ID" = ? and "F"."DATE_DAY" between cast(? as date) and cast(? as date) group by "J0"."CAMPAIGN_ID", "J0"."CAMPAIGN_NAME") select "F0"."D0" as "D0", "F0"."D1" as "D1", "F0"."M0" as "X0", (cast("F0"."M1" as double) / nullif("F0"."M0", 0)) as "X1" from "F0" where (cast("F0"."M1" as double) / nullif("F0"."M0", 0)) < ? and "F0"."M0" > ? order by "X1" asc nulls last, "D0" asc nulls last, "D1" asc nulls last limit ?;
-- parameters: ["rare-seeds","rare-seeds","2026-10-01","2026-10-31",2,0,1000]

-- freshness
select "S"."SOURCE" as "SOURCE", "S"."LAST_SYNCED_AT" as "LAST_SYNCED_AT" from "CLIENT_RARE_SEEDS_DB"."MARTS"."SOURCE_FRESHNESS" as "S" where "S"."TENANT_ID" = ?;
-- parameters: ["rare-seeds"]
