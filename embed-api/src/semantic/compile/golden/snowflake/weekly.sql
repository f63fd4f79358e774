-- current
with "F0" as (select cast(date_trunc('week', "F"."DATE_DAY") as date) as "D0", sum("F"."SPEND_REPORTING") as "M0", sum("F"."CLICKS") as "M1", sum("F"."IMPRESSIONS") as "M2" from "CLIENT_RARE_SEEDS_DB"."MARTS"."FACT_CAMPAIGN_PERFORMANCE_DAILY" as "F" where "F"."TENANT_ID" = ? and "F"."DATE_DAY" between cast(? as date) and cast(? as date) group by cast(date_trunc('week', "F"."DATE_DAY") as date)) select "F0"."D0" as "D0", "F0"."M0" as "X0", (cast("F0"."M1" as double) / nullif("F0"."M2", 0)) as "X1" from "F0" order by "D0" asc nulls last limit ?;
-- parameters: ["rare-seeds","2026-09-07","2026-10-25",1000]

-- freshness
select "S"."SOURCE" as "SOURCE", "S"."LAST_SYNCED_AT" as "LAST_SYNCED_AT" from "CLIENT_RARE_SEEDS_DB"."MARTS"."SOURCE_FRESHNESS" as "S" where "S"."TENANT_ID" = ?;
-- parameters: ["rare-seeds"]
