-- current
with "f0" as (select "f"."date_day" as "d0", "j0"."campaign_id" as "d1", sum("f"."reach") as "m0", sum("f"."impressions") as "m1" from "rare-seeds"."marts"."meta_campaign_reach_daily" as "f" left join "rare-seeds"."marts"."dim_campaign" as "j0" on ("j0"."campaign_key" = "f"."campaign_key" and "j0"."tenant_id" = $1 and "j0"."is_current") where "f"."tenant_id" = $2 and "f"."platform_code" = $3 and "f"."date_day" between cast($4 as date) and cast($5 as date) group by "f"."date_day", "j0"."campaign_id") select "f0"."d0" as "d0", "f0"."d1" as "d1", "f0"."m0" as "x0", (cast("f0"."m1" as double) / nullif("f0"."m0", 0)) as "x1" from "f0" order by "d0" asc nulls last, "d1" asc nulls last limit $6;
-- parameters: ["rare-seeds","rare-seeds","meta","2026-10-01","2026-10-07",1000]

-- freshness
select "s"."source" as "source", "s"."last_synced_at" as "last_synced_at" from "rare-seeds"."marts"."source_freshness" as "s" where "s"."tenant_id" = $1;
-- parameters: ["rare-seeds"]
