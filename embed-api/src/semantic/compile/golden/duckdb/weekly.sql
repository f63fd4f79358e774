-- current
with "f0" as (select cast(date_trunc('week', "f"."date_day") as date) as "d0", sum("f"."spend_reporting") as "m0", sum("f"."clicks") as "m1", sum("f"."impressions") as "m2" from "rare-seeds"."marts"."fact_campaign_performance_daily" as "f" where "f"."tenant_id" = $1 and "f"."date_day" between cast($2 as date) and cast($3 as date) group by cast(date_trunc('week', "f"."date_day") as date)) select "f0"."d0" as "d0", "f0"."m0" as "x0", (cast("f0"."m1" as double) / nullif("f0"."m2", 0)) as "x1" from "f0" order by "d0" asc nulls last limit $4;
-- parameters: ["rare-seeds","2026-09-07","2026-10-25",1000]

-- freshness
select "s"."source" as "source", "s"."last_synced_at" as "last_synced_at" from "rare-seeds"."marts"."source_freshness" as "s" where "s"."tenant_id" = $1;
-- parameters: ["rare-seeds"]
