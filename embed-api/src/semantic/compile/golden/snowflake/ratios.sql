-- current
with "F0" as (select "F"."PLATFORM_CODE" as "D0", sum("F"."CLICKS") as "M0", sum("F"."IMPRESSIONS") as "M1", sum("F"."SPEND_REPORTING") as "M2", sum("F"."CONVERSION_VALUE_REPORTING") as "M3", sum("F"."CONVERSIONS") as "M4" from "CLIENT_RARE_SEEDS_DB"."MARTS"."FACT_CAMPAIGN_PERFORMANCE_DAILY" as "F" where "F"."TENANT_ID" = ? and "F"."DATE_DAY" between cast(? as date) and cast(? as date) group by "F"."PLATFORM_CODE") select "F0"."D0" as "D0", (cast("F0"."M0" as double) / nullif("F0"."M1", 0)) as "X0", (cast("F0"."M2" as double) / nullif("F0"."M0", 0)) as "X1", (cast(("F0"."M2" * 1000) as double) / nullif("F0"."M1", 0)) as "X2", (cast("F0"."M3" as double) / nullif("F0"."M2", 0)) as "X3", (cast("F0"."M2" as double) / nullif("F0"."M4", 0)) as "X4", (cast("F0"."M4" as double) / nullif("F0"."M0", 0)) as "X5" from "F0" order by "X0" desc nulls last, "D0" asc nulls last limit ?;
-- parameters: ["rare-seeds","2026-09-01","2026-10-31",1000]

-- freshness
select "S"."SOURCE" as "SOURCE", "S"."LAST_SYNCED_AT" as "LAST_SYNCED_AT" from "CLIENT_RARE_SEEDS_DB"."MARTS"."SOURCE_FRESHNESS" as "S" where "S"."TENANT_ID" = ?;
-- parameters: ["rare-seeds"]
