-- current
with "f0" as (select cast(date_trunc('month', "f"."date_day") as date) as "d0", "f"."platform_code" as "d1", sum("f"."spend_reporting") as "m0", sum("f"."conversion_value_reporting") as "m1" from "rare-seeds"."marts"."fact_campaign_performance_daily" as "f" where "f"."tenant_id" = $1 and "f"."date_day" between cast($2 as date) and cast($3 as date) group by cast(date_trunc('month', "f"."date_day") as date), "f"."platform_code") select "f0"."d0" as "d0", "f0"."d1" as "d1", "f0"."m0" as "x0", "f0"."m1" as "x1" from "f0" order by "d0" asc nulls last, "d1" asc nulls last limit $4;
-- parameters: ["rare-seeds","2026-08-01","2026-10-31",1000]

-- previous
with "f0" as (select cast(date_trunc('month', "f"."date_day") as date) as "d0", "f"."platform_code" as "d1", sum("f"."spend_reporting") as "m0", sum("f"."conversion_value_reporting") as "m1" from "rare-seeds"."marts"."fact_campaign_performance_daily" as "f" where "f"."tenant_id" = $1 and "f"."date_day" between cast($2 as date) and cast($3 as date) group by cast(date_trunc('month', "f"."date_day") as date), "f"."platform_code") select "f0"."d0" as "d0", "f0"."d1" as "d1", "f0"."m0" as "x0", "f0"."m1" as "x1" from "f0" limit $4;
-- parameters: ["rare-seeds","2025-08-01","2025-10-31",50000]

-- freshness
select "s"."source" as "source", "s"."last_synced_at" as "last_synced_at" from "rare-seeds"."marts"."source_freshness" as "s" where "s"."tenant_id" = $1;
-- parameters: ["rare-seeds"]
