-- current
with "f0" as (select cast(date_trunc('week', "f"."date_day") as date) as "d0", "j0"."ad_name" as "d1", sum("f"."clicks") as "m0", sum("f"."impressions") as "m1", sum("f"."spend_reporting") as "m2" from "rare-seeds"."marts"."fact_ad_performance_daily" as "f" left join "rare-seeds"."marts"."dim_ad" as "j0" on ("j0"."ad_key" = "f"."ad_key" and "j0"."tenant_id" = $1 and "j0"."is_current") where "f"."tenant_id" = $2 and "f"."date_day" between cast($3 as date) and cast($4 as date) group by cast(date_trunc('week', "f"."date_day") as date), "j0"."ad_name"), "t1" as (select "f0"."d0" as "d0", "f0"."d1" as "d1", (cast("f0"."m0" as double) / nullif("f0"."m1", 0)) as "x0", "f0"."m2" as "x1", sum(coalesce("f0"."m2", 0)) over (partition by "f0"."d1") as "top_by" from "f0"), "t2" as (select "t1".*, dense_rank() over (order by "t1"."top_by" desc nulls last, "t1"."d1" asc nulls last) as "top_rank" from "t1") select "t2"."d0" as "d0", "t2"."d1" as "d1", "t2"."x0" as "x0", "t2"."x1" as "x1" from "t2" where "t2"."top_rank" <= $5 order by "d0" asc nulls last, "d1" asc nulls last limit $6;
-- parameters: ["rare-seeds","rare-seeds","2026-09-07","2026-10-25",5,1000]

-- freshness
select "s"."source" as "source", "s"."last_synced_at" as "last_synced_at" from "rare-seeds"."marts"."source_freshness" as "s" where "s"."tenant_id" = $1;
-- parameters: ["rare-seeds"]
