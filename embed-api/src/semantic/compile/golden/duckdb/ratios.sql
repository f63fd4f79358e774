-- current
with "f0" as (select "f"."platform_code" as "d0", sum("f"."clicks") as "m0", sum("f"."impressions") as "m1", sum("f"."spend_reporting") as "m2", sum("f"."conversion_value_reporting") as "m3", sum("f"."conversions") as "m4" from "rare-seeds"."marts"."fact_campaign_performance_daily" as "f" where "f"."tenant_id" = $1 and "f"."date_day" between cast($2 as date) and cast($3 as date) group by "f"."platform_code") select "f0"."d0" as "d0", (cast("f0"."m0" as double) / nullif("f0"."m1", 0)) as "x0", (cast("f0"."m2" as double) / nullif("f0"."m0", 0)) as "x1", (cast(("f0"."m2" * 1000) as double) / nullif("f0"."m1", 0)) as "x2", (cast("f0"."m3" as double) / nullif("f0"."m2", 0)) as "x3", (cast("f0"."m2" as double) / nullif("f0"."m4", 0)) as "x4", (cast("f0"."m4" as double) / nullif("f0"."m0", 0)) as "x5" from "f0" order by "x0" desc nulls last, "d0" asc nulls last limit $4;
-- parameters: ["rare-seeds","2026-09-01","2026-10-31",1000]

-- freshness
select "s"."source" as "source", "s"."last_synced_at" as "last_synced_at" from "rare-seeds"."marts"."source_freshness" as "s" where "s"."tenant_id" = $1;
-- parameters: ["rare-seeds"]
