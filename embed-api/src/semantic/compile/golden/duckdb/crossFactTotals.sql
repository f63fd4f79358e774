-- current
with "f0" as (select sum("f"."spend_reporting") as "m0" from "rare-seeds"."marts"."fact_campaign_performance_daily" as "f" where "f"."tenant_id" = $1 and "f"."date_day" between cast($2 as date) and cast($3 as date)), "f1" as (select sum("f"."total_revenue_reporting") as "m1" from "rare-seeds"."marts"."fact_ga4_traffic_daily" as "f" where "f"."tenant_id" = $4 and "f"."date_day" between cast($5 as date) and cast($6 as date)) select "f0"."m0" as "x0", "f1"."m1" as "x1" from "f0" cross join "f1" limit $7;
-- parameters: ["rare-seeds","2026-10-01","2026-10-31","rare-seeds","2026-10-01","2026-10-31",1000]

-- freshness
select "s"."source" as "source", "s"."last_synced_at" as "last_synced_at" from "rare-seeds"."marts"."source_freshness" as "s" where "s"."tenant_id" = $1;
-- parameters: ["rare-seeds"]
