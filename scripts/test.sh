#!/usr/bin/env bash
# `make test`: starts PostgreSQL and Redis, builds the test warehouse once (shared by every suite), then runs the
# independent suites in parallel and prints each suite's output in turn. Exit code is non-zero if any suite failed.
set -uo pipefail
cd "$(dirname "$0")/.."
START=$(date +%s)
export MIQ_ENV=test
export MIQ_TEST_SCALE=${MIQ_TEST_SCALE:-0.02}
export MIQ_WAREHOUSE_DIR=$PWD/data/test
LOGS=.miq/test-logs
rm -rf "$LOGS"; mkdir -p "$LOGS"

scripts/services.sh stop >/dev/null 2>&1 || true
scripts/services.sh start || { echo "could not start test services"; exit 1; }
trap 'scripts/services.sh stop >/dev/null 2>&1 || true' EXIT
set -a; . .miq/services.env; set +a

echo "== building the test warehouse (scale $MIQ_TEST_SCALE)"
if ! scripts/warehouse.sh test "$MIQ_TEST_SCALE"; then
  echo "make-test: 0 passed, 1 failed"
  exit 1
fi

# Each suite: name and command. A suite whose package has no tests yet is not listed here.
declare -A SUITES=(
  [lint]="npx --no-install biome check ."
  [python]=".venv/bin/pytest -q -p no:cacheprovider dbt"
  [snowflake]="MIQ_SNOWFLAKE_REUSE=$MIQ_WAREHOUSE_DIR scripts/snowflake-check.sh"
  [e2e]="node --test e2e/"
  [examples]="node --import tsx --test examples/examples.test.ts examples/demo/serve.test.ts infra/infra.test.ts"
  [schemathesis]="scripts/schemathesis.sh"
  [workers]="scripts/workers-dry-run.sh"
)
for ws in embed-api sdk-js widgets; do
  if [ -f "$ws/package.json" ] && grep -q '"test"' "$ws/package.json" && \
     [ -n "$(find "$ws" -path "$ws/node_modules" -prune -o \( -name '*.test.ts' -o -name '*.test.js' \) -print -quit)" ]; then
    SUITES[$ws]="npm test --silent -w $ws"
  fi
done
# The agents' multi-seed acceptance tests read two more warehouses (seeds 3 and 7); they are built as the first step of
# the embed-api suite, so the other suites run meanwhile.
SEEDS=embed-api/src/agents/testing/build-seed-warehouses.sh
if [ -n "${SUITES[embed-api]:-}" ] && [ -x "$SEEDS" ]; then
  SUITES[embed-api]="$SEEDS >$LOGS/agents-seed-warehouses.log 2>&1 || { echo 'building the agents seed warehouses failed:'; tail -40 $LOGS/agents-seed-warehouses.log; exit 1; }; ${SUITES[embed-api]}"
fi

# Suites run in parallel, at most MIQ_TEST_JOBS at a time (default 3 on this 2-core machine: more only adds CPU
# contention and timing noise), longest first. Each suite's output is printed in turn once all have finished.
JOBS=${MIQ_TEST_JOBS:-3}
ORDER=(embed-api python snowflake e2e schemathesis widgets sdk-js examples workers lint)
running=0
for name in "${ORDER[@]}"; do
  [ -n "${SUITES[$name]:-}" ] || continue
  if [ "$running" -ge "$JOBS" ]; then wait -n || true; running=$((running - 1)); fi
  ( t0=$(date +%s); ( eval "${SUITES[$name]}" ) >"$LOGS/$name.log" 2>&1; rc=$?
    echo "$rc $(( $(date +%s) - t0 ))" >"$LOGS/$name.rc" ) &
  running=$((running + 1))
done
wait
passed=0; failed=0; failed_names=()
for name in "${ORDER[@]}"; do
  [ -n "${SUITES[$name]:-}" ] || continue
  read -r rc secs <"$LOGS/$name.rc" || { rc=1; secs=?; }
  if [ "$rc" -eq 0 ]; then status=ok; passed=$((passed + 1)); else status=FAILED; failed=$((failed + 1)); failed_names+=("$name"); fi
  echo
  echo "== suite $name: $status (${secs}s)"
  cat "$LOGS/$name.log"
done
echo
echo "make test took $(( $(date +%s) - START ))s; failed suites: ${failed_names[*]:-none}"
echo "make-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
