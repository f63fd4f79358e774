-- current
with "f0" as (select sum("f"."spend_reporting") as "m0", sum("f"."clicks") as "m1", sum("f"."impressions") as "m2" from "rare-seeds"."marts"."fact_campaign_performance_daily" as "f" where "f"."tenant_id" = $1 and "f"."date_day" between cast($2 as date) and cast($3 as date)) select "f0"."m0" as "x0", "f0"."m1" as "x1", "f0"."m2" as "x2" from "f0" limit $4;
-- parameters: ["rare-seeds","2026-10-01","2026-10-31",1000]

-- freshness
select "s"."source" as "source", "s"."last_synced_at" as "last_synced_at" from "rare-seeds"."marts"."source_freshness" as "s" where "s"."tenant_id" = $1;
-- parameters: ["rare-seeds"]
