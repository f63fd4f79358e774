-- current
with "F0" as (select "J0"."CHANNEL_GROUP" as "D0", sum("F"."SESSIONS") as "M0", sum("F"."ENGAGED_SESSIONS") as "M1" from "CLIENT_RARE_SEEDS_DB"."MARTS"."FACT_GA4_TRAFFIC_DAILY" as "F" left join "CLIENT_RARE_SEEDS_DB"."MARTS"."DIM_SOURCE_MEDIUM" as "J0" on ("J0"."SOURCE_MEDIUM_KEY" = "F"."SOURCE_MEDIUM_KEY" and "J0"."TENANT_ID" = ?) where "F"."TENANT_ID" = ? and "F"."DATE_DAY" between cast(? as date) and cast(? as date) group by "J0"."CHANNEL_GROUP") select "F0"."D0" as "D0", "F0"."M0" as "X0", (cast("F0"."M1" as double) / nullif("F0"."M0", 0)) as "X1" from "F0" order by "X0" desc nulls last, "D0" asc nulls last limit ?;
-- parameters: ["rare-seeds","rare-seeds","2026-11-18","2026-11-24",1000]

-- previous
with "F0" as (select "J0"."CHANNEL_GROUP" as "D0", sum("F"."SESSIONS") as "M0", sum("F"."ENGAGED_SESSIONS") as "M1" from "CLIENT_RARE_SEEDS_DB"."MARTS"."FACT_GA4_TRAFFIC_DAILY" as "F" left join "CLIENT_RARE_SEEDS_DB"."MARTS"."DIM_SOURCE_MEDIUM" as "J0" on ("J0"."SOURCE_MEDIUM_KEY" = "F"."SOURCE_MEDIUM_KEY" and "J0"."TENANT_ID" = ?) where "F"."TENANT_ID" = ? and "F"."DATE_DAY" between cast(? as date) and cast(? as date) group by "J0"."CHANNEL_GROUP") select "F0"."D0" as "D0", "F0"."M0" as "X0", (cast("F0"."M1" as double) / nullif("F0"."M0", 0)) as "X1" from "F0" limit ?;
-- parameters: ["rare-seeds","rare-seeds","2026-11-11","2026-11-17",50000]

-- freshness
select "S"."SOURCE" as "SOURCE", "S"."LAST_SYNCED_AT" as "LAST_SYNCED_AT" from "CLIENT_RARE_SEEDS_DB"."MARTS"."SOURCE_FRESHNESS" as "S" where "S"."TENANT_ID" = ?;
-- parameters: ["rare-seeds"]
