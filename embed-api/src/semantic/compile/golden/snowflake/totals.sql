-- current
with "F0" as (select sum("F"."SPEND_REPORTING") as "M0", sum("F"."CLICKS") as "M1", sum("F"."IMPRESSIONS") as "M2" from "CLIENT_RARE_SEEDS_DB"."MARTS"."FACT_CAMPAIGN_PERFORMANCE_DAILY" as "F" where "F"."TENANT_ID" = ? and "F"."DATE_DAY" between cast(? as date) and cast(? as date)) select "F0"."M0" as "X0", "F0"."M1" as "X1", "F0"."M2" as "X2" from "F0" limit ?;
-- parameters: ["rare-seeds","2026-10-01","2026-10-31",1000]

-- freshness
select "S"."SOURCE" as "SOURCE", "S"."LAST_SYNCED_AT" as "LAST_SYNCED_AT" from "CLIENT_RARE_SEEDS_DB"."MARTS"."SOURCE_FRESHNESS" as "S" where "S"."TENANT_ID" = ?;
-- parameters: ["rare-seeds"]
