#!/usr/bin/env bash
# Snowflake-dialect evidence (snowflake/README.md): synthetic raw data -> dbt-duckdb marts (the reference), then a
# local fakesnow server loaded with the same raw data, the whole dbt project built and tested through dbt-snowflake,
# every mart and every semantic-layer example query compared with DuckDB (pytest in .venv-snowflake), and the Node
# snowflake-sdk adapter against the protocol-level fake Snowflake HTTP server (vitest).
#   scripts/snowflake-check.sh            (env: MIQ_SNOWFLAKE_TENANTS, MIQ_SNOWFLAKE_SCALE, MIQ_SNOWFLAKE_DIR)
# Writes only MIQ_SNOWFLAKE_DIR (default data/snowcheck) and a temporary directory; fakesnow listens on a free
# loopback port. Creates .venv-snowflake from requirements-snowflake.txt when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
TENANTS=${MIQ_SNOWFLAKE_TENANTS:-rare-seeds,nordic-knits}
SCALE=${MIQ_SNOWFLAKE_SCALE:-0.02}
OUT=${MIQ_SNOWFLAKE_DIR:-data/snowcheck}
# Pinned: the example queries use absolute dates in 2026 (embed-api/src/semantic/testing/examples.ts).
END_DATE=2026-11-24
export DBT_SEND_ANONYMOUS_USAGE_STATS=false DBT_USE_COLORS=false PYTHONPATH=dbt/generator
t0=$(date +%s)

if [ ! -x .venv-snowflake/bin/dbt ]; then
  python3 -m venv .venv-snowflake
  echo "*" >.venv-snowflake/.gitignore # never committed (as python 3.13 venvs do by themselves)
  .venv-snowflake/bin/pip install -q --only-binary=dbt-core-experimental-parser -r requirements-snowflake.txt
fi

# Inside `make test` the shared test warehouse (raw + dbt-duckdb marts, built once by scripts/warehouse.sh) is the
# reference: MIQ_SNOWFLAKE_REUSE=<warehouse dir> skips generating and building a second copy.
REUSE=${MIQ_SNOWFLAKE_REUSE:-}
if [ -n "$REUSE" ]; then
  OUT=$(realpath --relative-to="$PWD" "$REUSE")
  TARGET=$PWD/dbt/target/$(basename "$REUSE")
  IFS=, read -ra T <<<"$TENANTS"
  t1=$(date +%s); t2=$t1
fi

stamp="$TENANTS scale=$SCALE end=$END_DATE seed=42"
if [ -z "$REUSE" ] && [ "$(cat "$OUT/.stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$OUT" && mkdir -p "$OUT"
  .venv/bin/python -m miqgen generate --out "$OUT" --tenants "$TENANTS" --scale "$SCALE" --seed 42 --end-date "$END_DATE" \
    >"$OUT/generate.log" 2>&1 || { echo "generator failed:"; tail -30 "$OUT/generate.log"; exit 1; }
  echo "$stamp" >"$OUT/.stamp"
fi
[ -n "$REUSE" ] || t1=$(date +%s)

# The DuckDB reference build (always rebuilt: the dbt project may have changed), one tenant at a time.
if [ -z "$REUSE" ]; then
TARGET=$PWD/$OUT/dbt-duckdb
IFS=, read -ra T <<<"$TENANTS"
for tenant in "${T[@]}"; do
  settings=$(.venv/bin/python dbt/tests_py/tenant_env.py "$tenant")
  rm -f "$OUT/$tenant/marts.duckdb"
  (
    export $settings
    MIQ_WAREHOUSE_DIR=$PWD/$OUT MIQ_TENANT=$tenant .venv/bin/dbt build --project-dir dbt --profiles-dir dbt \
      --target-path "$TARGET-$tenant" --log-path "$TARGET-$tenant/logs" --threads 1 --quiet \
      >"$OUT/dbt-duckdb-$tenant.log" 2>&1 || { echo "dbt-duckdb build failed for $tenant:"; tail -30 "$OUT/dbt-duckdb-$tenant.log"; exit 1; }
  )
done
t2=$(date +%s)
fi

MIQ_SNOWFLAKE_CHECK_DIR=$PWD/$OUT MIQ_SNOWFLAKE_TENANTS=$TENANTS MIQ_SNOWFLAKE_DUCKDB_TARGET=$TARGET \
  .venv-snowflake/bin/python -m pytest snowflake -q -p no:cacheprovider "$@"
t3=$(date +%s)

(cd embed-api && npx vitest run src/warehouse/snowflake)
t4=$(date +%s)
echo "snowflake-check: generate $((t1 - t0))s, dbt-duckdb $((t2 - t1))s, fakesnow+dbt-snowflake+parity $((t3 - t2))s, node driver $((t4 - t3))s, total $((t4 - t0))s"
