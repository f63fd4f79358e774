-- current
with "F0" as (select "J0"."CAMPAIGN_NAME" as "D0", "F"."DEVICE_CODE" as "D1", sum("F"."CLICKS") as "M0" from "CLIENT_RARE_SEEDS_DB"."MARTS"."FACT_CAMPAIGN_PERFORMANCE_DAILY" as "F" left join "CLIENT_RARE_SEEDS_DB"."MARTS"."DIM_CAMPAIGN" as "J0" on ("J0"."CAMPAIGN_KEY" = "F"."CAMPAIGN_KEY" and "J0"."TENANT_ID" = ? and "J0"."IS_CURRENT") where "F"."TENANT_ID" = ? and (contains(lower("J0"."CAMPAIGN_NAME"), lower(?)) or ("F"."DEVICE_CODE" in (?, ?) and startswith(lower("J0"."CAMPAIGN_NAME"), lower(?)))) and ("F"."PLATFORM_CODE" not in (?) or "F"."PLATFORM_CODE" is null) and "F"."DATE_DAY" > cast(? as date) and "F"."DATE_DAY" between cast(? as date) and cast(? as date) group by "J0"."CAMPAIGN_NAME", "F"."DEVICE_CODE") select "F0"."D0" as "D0", "F0"."D1" as "D1", "F0"."M0" as "X0" from "F0" order by "X0" desc nulls last, "D0" asc nulls last, "D1" asc nulls last limit ?;
-- parameters: ["rare-seeds","rare-seeds","seed","mobile","tablet","Rare","meta","2026-10-03","2026-10-01","2026-10-31",1000]

-- freshness
select "S"."SOURCE" as "SOURCE", "S"."LAST_SYNCED_AT" as "LAST_SYNCED_AT" from "CLIENT_RARE_SEEDS_DB"."MARTS"."SOURCE_FRESHNESS" as "S" where "S"."TENANT_ID" = ?;
-- parameters: ["rare-seeds"]
