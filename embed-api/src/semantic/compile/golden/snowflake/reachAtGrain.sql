-- current
with "F0" as (select "F"."DATE_DAY" as "D0", "J0"."CAMPAIGN_ID" as "D1", sum("F"."REACH") as "M0", sum("F"."IMPRESSIONS") as "M1" from "CLIENT_RARE_SEEDS_DB"."MARTS"."META_CAMPAIGN_REACH_DAILY" as "F" left join "CLIENT_RARE_SEEDS_DB"."MARTS"."DIM_CAMPAIGN" as "J0" on ("J0"."CAMPAIGN_KEY" = "F"."CAMPAIGN_KEY" and "J0"."TENANT_ID" = ? and "J0"."IS_CURRENT") where "F"."TENANT_ID" = ? and "F"."PLATFORM_CODE" = ? and "F"."DATE_DAY" between cast(? as date) and cast(? as date) group by "F"."DATE_DAY", "J0"."CAMPAIGN_ID") select "F0"."D0" as "D0", "F0"."D1" as "D1", "F0"."M0" as "X0", (cast("F0"."M1" as double) / nullif("F0"."M0", 0)) as "X1" from "F0" order by "D0" asc nulls last, "D1" asc nulls last limit ?;
-- parameters: ["rare-seeds","rare-seeds","meta","2026-10-01","2026-10-07",1000]

-- freshness
select "S"."SOURCE" as "SOURCE", "S"."LAST_SYNCED_AT" as "LAST_SYNCED_AT" from "CLIENT_RARE_SEEDS_DB"."MARTS"."SOURCE_FRESHNESS" as "S" where "S"."TENANT_ID" = ?;
-- parameters: ["rare-seeds"]
