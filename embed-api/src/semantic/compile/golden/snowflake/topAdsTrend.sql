-- current
with "F0" as (select cast(date_trunc('week', "F"."DATE_DAY") as date) as "D0", "J0"."AD_NAME" as "D1", sum("F"."CLICKS") as "M0", sum("F"."IMPRESSIONS") as "M1", sum("F"."SPEND_REPORTING") as "M2" from "CLIENT_RARE_SEEDS_DB"."MARTS"."FACT_AD_PERFORMANCE_DAILY" as "F" left join "CLIENT_RARE_SEEDS_DB"."MARTS"."DIM_AD" as "J0" on ("J0"."AD_KEY" = "F"."AD_KEY" and "J0"."TENANT_ID" = ? and "J0"."IS_CURRENT") where "F"."TENANT_ID" = ? and "F"."DATE_DAY" between cast(? as date) and cast(? as date) group by cast(date_trunc('week', "F"."DATE_DAY") as date), "J0"."AD_NAME"), "T1" as (select "F0"."D0" as "D0", "F0"."D1" as "D1", (cast("F0"."M0" as double) / nullif("F0"."M1", 0)) as "X0", "F0"."M2" as "X1", sum(coalesce("F0"."M2", 0)) over (partition by "F0"."D1") as "TOP_BY" from "F0"), "T2" as (select "T1".*, dense_rank() over (order by "T1"."TOP_BY" desc nulls last, "T1"."D1" asc nulls last) as "TOP_RANK" from "T1") select "T2"."D0" as "D0", "T2"."D1" as "D1", "T2"."X0" as "X0", "T2"."X1" as "X1" from "T2" where "T2"."TOP_RANK" <= ? order by "D0" asc nulls last, "D1" asc nulls last limit ?;
-- parameters: ["rare-seeds","rare-seeds","2026-09-07","2026-10-25",5,1000]

-- freshness
select "S"."SOURCE" as "SOURCE", "S"."LAST_SYNCED_AT" as "LAST_SYNCED_AT" from "CLIENT_RARE_SEEDS_DB"."MARTS"."SOURCE_FRESHNESS" as "S" where "S"."TENANT_ID" = ?;
-- parameters: ["rare-seeds"]
