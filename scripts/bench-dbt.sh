#!/usr/bin/env bash
# dbt scale benchmark (not part of make test): one tenant at a large scale.
#   scripts/bench-dbt.sh [SCALE] [TENANT]        defaults: 1.0 rare-seeds (the plan's row counts)
# Steps, each timed with /usr/bin/time -v (wall time, CPU, peak RSS):
#   1. generate      python -m miqgen generate (the tenant only)
#   2. full run      dbt run --full-refresh (models only)
#   3. append-day    python -m miqgen append-day (one more day, the previous 3 restated)
#   4. incr run      dbt run (models only; incremental models read their lookback window only)
#   5. test          dbt test
# Writes into $BENCH_DIR (default data/bench-dbt-p2; removed first) and prints a summary table. BENCH_REUSE=1 keeps a
# freshly generated raw.duckdb (and its generate timing) from a run that stopped before append-day. Targets on the
# shared 2-core machine: full run <= 5 min, incremental run <= 10 % of the full run.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=${1:-1.0}
TENANT=${2:-rare-seeds}
OUT=${BENCH_DIR:-data/bench-dbt-p2}
SEED=${MIQ_SEED:-42}
[ -x /usr/bin/time ] || { echo "bench-dbt: /usr/bin/time is required (apt-get install time)" >&2; exit 2; }
export PYTHONPATH=dbt/generator DBT_SEND_ANONYMOUS_USAGE_STATS=false DBT_USE_COLORS=false
export $(.venv/bin/python dbt/tests_py/tenant_env.py "$TENANT")
export MIQ_WAREHOUSE_DIR="$OUT" MIQ_TENANT="$TENANT"
if [ "${BENCH_REUSE:-}" = 1 ] && [ -f "$OUT/bench/generate.time" ] && [ ! -f "$OUT/bench/append_day.time" ]; then
  reuse=1; rm -f "$OUT/$TENANT/marts.duckdb"
else
  reuse=0; rm -rf "$OUT"
fi
mkdir -p "$OUT/bench"
DBT_OPTS=(--project-dir dbt --profiles-dir dbt --target-path "target/bench-$TENANT" --log-path "$OUT/bench/logs")

step() {  # step NAME command...: runs it under /usr/bin/time -v, keeps its output in $OUT/bench/NAME.log
  local name=$1; shift
  echo "bench-dbt: $name ..." >&2
  if ! /usr/bin/time -v -o "$OUT/bench/$name.time" "$@" >"$OUT/bench/$name.log" 2>&1; then
    echo "bench-dbt: $name failed:" >&2; tail -30 "$OUT/bench/$name.log" >&2; exit 1
  fi
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
[ "$reuse" = 1 ] || step generate .venv/bin/python -m miqgen generate --out "$OUT" --tenants "$TENANT" --scale "$SCALE" --seed "$SEED" --quiet
step full_run .venv/bin/dbt run --full-refresh "${DBT_OPTS[@]}"
step append_day .venv/bin/python -m miqgen append-day --out "$OUT" --tenant "$TENANT" --quiet
step incremental_run .venv/bin/dbt run "${DBT_OPTS[@]}"
step test .venv/bin/dbt test "${DBT_OPTS[@]}"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

secs() { awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; printf "%.1f", s}' "$1"; }
field() { awk -F': ' -v k="$2" '$1 ~ k {print $2}' "$1"; }
printf '\nbench-dbt: %s at scale %s (%s cores; load average before %s, after %s)\n' "$TENANT" "$SCALE" "$(nproc)" "$load_before" "$load_after"
printf '%-16s %10s %10s %10s %12s\n' step wall_s user_s sys_s peak_rss_MB
for s in generate full_run append_day incremental_run test; do
  f="$OUT/bench/$s.time"
  printf '%-16s %10s %10s %10s %12.0f\n' "$s" "$(secs "$f")" "$(field "$f" 'User time')" "$(field "$f" 'System time')" \
    "$(awk "BEGIN{print $(field "$f" 'Maximum resident set size') / 1024}")"
done
full=$(secs "$OUT/bench/full_run.time"); incr=$(secs "$OUT/bench/incremental_run.time")
awk -v f="$full" -v i="$incr" 'BEGIN{printf "incremental / full = %.1f %% (target <= 10 %%); full run %s s (target <= 300 s)\n", 100*i/f, f}'
du -sh "$OUT/$TENANT/raw.duckdb" "$OUT/$TENANT/marts.duckdb" | sed 's/^/size: /'
