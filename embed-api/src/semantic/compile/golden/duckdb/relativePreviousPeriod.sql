-- current
with "f0" as (select "j0"."channel_group" as "d0", sum("f"."sessions") as "m0", sum("f"."engaged_sessions") as "m1" from "rare-seeds"."marts"."fact_ga4_traffic_daily" as "f" left join "rare-seeds"."marts"."dim_source_medium" as "j0" on ("j0"."source_medium_key" = "f"."source_medium_key" and "j0"."tenant_id" = $1) where "f"."tenant_id" = $2 and "f"."date_day" between cast($3 as date) and cast($4 as date) group by "j0"."channel_group") select "f0"."d0" as "d0", "f0"."m0" as "x0", (cast("f0"."m1" as double) / nullif("f0"."m0", 0)) as "x1" from "f0" order by "x0" desc nulls last, "d0" asc nulls last limit $5;
-- parameters: ["rare-seeds","rare-seeds","2026-11-18","2026-11-24",1000]

-- previous
with "f0" as (select "j0"."channel_group" as "d0", sum("f"."sessions") as "m0", sum("f"."engaged_sessions") as "m1" from "rare-seeds"."marts"."fact_ga4_traffic_daily" as "f" left join "rare-seeds"."marts"."dim_source_medium" as "j0" on ("j0"."source_medium_key" = "f"."source_medium_key" and "j0"."tenant_id" = $1) where "f"."tenant_id" = $2 and "f"."date_day" between cast($3 as date) and cast($4 as date) group by "j0"."channel_group") select "f0"."d0" as "d0", "f0"."m0" as "x0", (cast("f0"."m1" as double) / nullif("f0"."m0", 0)) as "x1" from "f0" limit $5;
-- parameters: ["rare-seeds","rare-seeds","2026-11-11","2026-11-17",50000]

-- freshness
select "s"."source" as "source", "s"."last_synced_at" as "last_synced_at" from "rare-seeds"."marts"."source_freshness" as "s" where "s"."tenant_id" = $1;
-- parameters: ["rare-seeds"]
