-- current
with "f0" as (select "j0"."campaign_id" as "d0", "j0"."campaign_name" as "d1", sum("f"."spend_reporting") as "m0", sum("f"."conversion_value_reporting") as "m1" from "rare-seeds"."marts"."fact_campaign_performance_daily" as "f" left join "rare-seeds"."marts"."dim_campaign" as "j0" on ("j0"."campaign_key" = "f"."campaign_key" and "j0"."tenant_id" = $1 and "j0"."is_current") where "f"."tenant_id" = $2 and "f"."date_day" between cast($3 as date) and cast($4 as date) group by "j0"."campaign_id", "j0"."campaign_name") select "f0"."d0" as "d0", "f0"."d1" as "d1", "f0"."m0" as "x0", (cast("f0"."m1" as double) / nullif("f0"."m0", 0)) as "x1" from "f0" where (cast("f0"."m1" as double) / nullif("f0"."m0", 0)) < $5 and "f0"."m0" > $6 order by "x1" asc nulls last, "d0" asc nulls last, "d1" asc nulls last limit $7;
-- parameters: ["rare-seeds","rare-seeds","2026-10-01","2026-10-31",2,0,1000]

-- freshness
select "s"."source" as "source", "s"."last_synced_at" as "last_synced_at" from "rare-seeds"."marts"."source_freshness" as "s" where "s"."tenant_id" = $1;
-- parameters: ["rare-seeds"]
