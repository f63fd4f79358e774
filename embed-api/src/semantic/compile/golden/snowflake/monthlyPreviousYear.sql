-- current
with "F0" as (select cast(date_trunc('month', "F"."DATE_DAY") as date) as "D0", "F"."PLATFORM_CODE" as "D1", sum("F"."SPEND_REPORTING") as "M0", sum("F"."CONVERSION_VALUE_REPORTING") as "M1" from "CLIENT_RARE_SEEDS_DB"."MARTS"."FACT_CAMPAIGN_PERFORMANCE_DAILY" as "F" where "F"."TENANT_ID" = ? and "F"."DATE_DAY" between cast(? as date) and cast(? as date) group by cast(date_trunc('month', "F"."DATE_DAY") as date), "F"."PLATFORM_CODE") select "F0"."D0" as "D0", "F0"."D1" as "D1", "F0"."M0" as "X0", "F0"."M1" as "X1" from "F0" order by "D0" asc nulls last, "D1" asc nulls last limit ?;
-- parameters: ["rare-seeds","2026-08-01","2026-10-31",1000]

-- previous
with "F0" as (select cast(date_trunc('month', "F"."DATE_DAY") as date) as "D0", "F"."PLATFORM_CODE" as "D1", sum("F"."SPEND_REPORTING") as "M0", sum("F"."CONVERSION_VALUE_REPORTING") as "M1" from "CLIENT_RARE_SEEDS_DB"."MARTS"."FACT_CAMPAIGN_PERFORMANCE_DAILY" as "F" where "F"."TENANT_ID" = ? and "F"."DATE_DAY" between cast(? as date) and cast(? as date) group by cast(date_trunc('month', "F"."DATE_DAY") as date), "F"."PLATFORM_CODE") select "F0"."D0" as "D0", "F0"."D1" as "D1", "F0"."M0" as "X0", "F0"."M1" as "X1" from "F0" limit ?;
-- parameters: ["rare-seeds","2025-08-01","2025-10-31",50000]

-- freshness
select "S"."SOURCE" as "SOURCE", "S"."LAST_SYNCED_AT" as "LAST_SYNCED_AT" from "CLIENT_RARE_SEEDS_DB"."MARTS"."SOURCE_FRESHNESS" as "S" where "S"."TENANT_ID" = ?;
-- parameters: ["rare-seeds"]
