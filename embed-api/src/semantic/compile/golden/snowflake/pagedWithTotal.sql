-- current
with "F0" as (select "J0"."CAMPAIGN_NAME" as "D0", sum("F"."RECIPIENTS") as "M0", sum("F"."UNIQUE_OPENS") as "M1", sum("F"."DELIVERED") as "M2", sum("F"."UNIQUE_CLICKS") as "M3" from "CLIENT_RARE_SEEDS_DB"."MARTS"."FACT_EMAIL_CAMPAIGN_DAILY" as "F" left join "CLIENT_RARE_SEEDS_DB"."MARTS"."DIM_EMAIL_CAMPAIGN" as "J0" on ("J0"."EMAIL_CAMPAIGN_KEY" = "F"."EMAIL_CAMPAIGN_KEY" and "J0"."TENANT_ID" = ?) where "F"."TENANT_ID" = ? and "F"."DATE_DAY" between cast(? as date) and cast(? as date) group by "J0"."CAMPAIGN_NAME") select "F0"."D0" as "D0", "F0"."M0" as "X0", (cast("F0"."M1" as double) / nullif("F0"."M2", 0)) as "X1", (cast("F0"."M3" as double) / nullif("F0"."M2", 0)) as "X2", count(*) over () as "TOTAL_ROWS" from "F0" order by "X0" desc nulls last, "D0" asc nulls last limit ? offset ?;
-- parameters: ["rare-seeds","rare-seeds","2026-08-01","2026-10-31",5,5]

-- freshness
select "S"."SOURCE" as "SOURCE", "S"."LAST_SYNCED_AT" as "LAST_SYNCED_AT" from "CLIENT_RARE_SEEDS_DB"."MARTS"."SOURCE_FRESHNESS" as "S" where "S"."TENANT_ID" = ?;
-- parameters: ["rare-seeds"]
