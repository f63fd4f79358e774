#!/usr/bin/env bash
# Builds a warehouse: synthetic Fivetran-shaped raw data for the demo tenants, then dbt (models + tests) per tenant,
# then `dbt parse` for the semantic manifest the API loads.
#   scripts/warehouse.sh ENV SCALE [TENANTS]      e.g. scripts/warehouse.sh test 0.02
# Layout: data/ENV/<tenant>/raw.duckdb (generator), data/ENV/<tenant>/marts.duckdb (dbt), data/ENV/manifest.json.
set -euo pipefail
cd "$(dirname "$0")/.."
ENV_NAME=${1:?env name (demo|test)}
SCALE=${2:?scale factor}
TENANTS=${3:-$(.venv/bin/python -c 'import json;print(",".join(t["id"] for t in json.load(open("dbt/generator/tenants.json"))["tenants"]))')}
OUT=data/$ENV_NAME
SEED=${MIQ_SEED:-42}
export PYTHONPATH=dbt/generator
export DBT_PROFILES_DIR=dbt DBT_PROJECT_DIR=dbt DBT_SEND_ANONYMOUS_USAGE_STATS=false DBT_USE_COLORS=false

t0=$(date +%s.%N)
.venv/bin/python -m miqgen generate --out "$OUT" --tenants "$TENANTS" --scale "$SCALE" --seed "$SEED" ${MIQ_END_DATE:+--end-date $MIQ_END_DATE}
t1=$(date +%s.%N)

# dbt per tenant. Each tenant has its own files, so tenants build in parallel (one dbt process per core).
IFS=, read -ra T <<<"$TENANTS"
mkdir -p "$OUT/logs"
pids=()
for tenant in "${T[@]}"; do
  # The tenant's settings for dbt (vars reporting_currency, ga4_currency, klaviyo_currency, klaviyo_time_zone) come
  # from tenants.json: MIQ_REPORTING_CURRENCY, MIQ_GA4_CURRENCY, MIQ_KLAVIYO_CURRENCY, MIQ_TIME_ZONE.
  settings=$(.venv/bin/python dbt/tests_py/tenant_env.py "$tenant") || { echo "unknown tenant $tenant"; exit 1; }
  (
    export $settings
    # --full-refresh: the raw files were just generated again, so marts left from an earlier build (incremental
    # models, their changed-days watermarks) must not be taken as the starting point.
    MIQ_WAREHOUSE_DIR="$OUT" MIQ_TENANT="$tenant" .venv/bin/dbt build --full-refresh --target-path "target/$ENV_NAME-$tenant" \
      --log-path "logs/$ENV_NAME-$tenant" --threads 2 --quiet >"$OUT/logs/dbt-$tenant.log" 2>&1 \
      || { echo "dbt build failed for $tenant:"; tail -40 "$OUT/logs/dbt-$tenant.log"; exit 1; }
  ) &
  pids+=($!)
  if [ ${#pids[@]} -ge "$(nproc)" ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
done
for p in "${pids[@]}"; do wait "$p"; done
t2=$(date +%s.%N)

# The semantic manifest does not depend on the tenant; parse once with the first tenant's vars.
MIQ_WAREHOUSE_DIR="$OUT" MIQ_TENANT="${T[0]}" .venv/bin/dbt parse --target-path "target/$ENV_NAME-parse" --quiet
if [ -f "dbt/target/$ENV_NAME-parse/semantic_manifest.json" ]; then
  cp "dbt/target/$ENV_NAME-parse/semantic_manifest.json" "$OUT/semantic_manifest.json"
else
  echo "note: dbt parse wrote no semantic_manifest.json (no semantic models yet)"
fi
printf 'warehouse %s: generate %.1fs, dbt build %.1fs (%s tenants, scale %s)\n' "$ENV_NAME" \
  "$(awk "BEGIN{print $t1-$t0}")" "$(awk "BEGIN{print $t2-$t1}")" "${#T[@]}" "$SCALE"
