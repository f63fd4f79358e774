-- current
with "F0" as (select "F"."PLATFORM_CODE" as "D0", "J0"."CAMPAIGN_NAME" as "D1", sum("F"."SPEND_REPORTING") as "M0", sum("F"."CONVERSIONS") as "M1" from "CLIENT_RARE_SEEDS_DB"."MARTS"."FACT_CAMPAIGN_PERFORMANCE_DAILY" as "F" left join "CLIENT_RARE_SEEDS_DB"."MARTS"."DIM_CAMPAIGN" as "J0" on ("J0"."CAMPAIGN_KEY" = "F"."CAMPAIGN_KEY" and "J0"."TENANT_ID" = ? and "J0"."IS_CURRENT") where "F"."TENANT_ID" = ? and "F"."DATE_DAY" between cast(? as date) and cast(? as date) group by "F"."PLATFORM_CODE", "J0"."CAMPAIGN_NAME") select "F0"."D0" as "D0", "F0"."D1" as "D1", "F0"."M0" as "X0", "F0"."M1" as "X1" from "F0" order by "X0" desc nulls last, "D0" asc nulls last, "D1" asc nulls last limit ?;
-- parameters: ["rare-seeds","rare-seeds","2026-10-01","2026-10-31",20]

-- freshness
select "S"."SOURCE" as "SOURCE", "S"."LAST_SYNCED_AT" as "LAST_SYNCED_AT" from "CLIENT_RARE_SEEDS_DB"."MARTS"."SOURCE_FRESHNESS" as "S" where "S"."TENANT_ID" = ?;
-- parameters: ["rare-seeds"]
