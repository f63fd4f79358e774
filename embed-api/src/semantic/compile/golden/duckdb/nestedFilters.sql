-- current
with "f0" as (select "j0"."campaign_name" as "d0", "f"."device_code" as "d1", sum("f"."clicks") as "m0" from "rare-seeds"."marts"."fact_campaign_performance_daily" as "f" left join "rare-seeds"."marts"."dim_campaign" as "j0" on ("j0"."campaign_key" = "f"."campaign_key" and "j0"."tenant_id" = $1 and "j0"."is_current") where "f"."tenant_id" = $2 and (contains(lower("j0"."campaign_name"), lower($3)) or ("f"."device_code" in ($4, $5) and starts_with(lower("j0"."campaign_name"), lower($6)))) and ("f"."platform_code" not in ($7) or "f"."platform_code" is null) and "f"."date_day" > cast($8 as date) and "f"."date_day" between cast($9 as date) and cast($10 as date) group by "j0"."campaign_name", "f"."device_code") select "f0"."d0" as "d0", "f0"."d1" as "d1", "f0"."m0" as "x0" from "f0" order by "x0" desc nulls last, "d0" asc nulls last, "d1" asc nulls last limit $11;
-- parameters: ["rare-seeds","rare-seeds","seed","mobile","tablet","Rare","meta","2026-10-03","2026-10-01","2026-10-31",1000]

-- freshness
select "s"."source" as "source", "s"."last_synced_at" as "last_synced_at" from "rare-seeds"."marts"."source_freshness" as "s" where "s"."tenant_id" = $1;
-- parameters: ["rare-seeds"]
