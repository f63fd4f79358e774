-- current
with "f0" as (select "j0"."campaign_name" as "d0", sum("f"."recipients") as "m0", sum("f"."unique_opens") as "m1", sum("f"."delivered") as "m2", sum("f"."unique_clicks") as "m3" from "rare-seeds"."marts"."fact_email_campaign_daily" as "f" left join "rare-seeds"."marts"."dim_email_campaign" as "j0" on ("j0"."email_campaign_key" = "f"."email_campaign_key" and "j0"."tenant_id" = $1) where "f"."tenant_id" = $2 and "f"."date_day" between cast($3 as date) and cast($4 as date) group by "j0"."campaign_name") select "f0"."d0" as "d0", "f0"."m0" as "x0", (cast("f0"."m1" as double) / nullif("f0"."m2", 0)) as "x1", (cast("f0"."m3" as double) / nullif("f0"."m2", 0)) as "x2", count(*) over () as "total_rows" from "f0" order by "x0" desc nulls last, "d0" asc nulls last limit $5 offset $6;
-- parameters: ["rare-seeds","rare-seeds","2026-08-01","2026-10-31",5,5]

-- freshness
select "s"."source" as "source", "s"."last_synced_at" as "last_synced_at" from "rare-seeds"."marts"."source_freshness" as "s" where "s"."tenant_id" = $1;
-- parameters: ["rare-seeds"]
