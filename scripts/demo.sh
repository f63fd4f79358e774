#!/usr/bin/env bash
# `make demo`: generates the demo tenants' data, builds their marts, prints a summary, then serves the embed API
# (and the demo page) on http://127.0.0.1:${PORT:-8787} until interrupted.
set -euo pipefail
cd "$(dirname "$0")/.."
START=$(date +%s)
SCALE=${SCALE:-0.1}
export MIQ_ENV=demo
export MIQ_WAREHOUSE_DIR=$PWD/data/demo
scripts/warehouse.sh demo "$SCALE"
PYTHONPATH=dbt/generator .venv/bin/python -m miqgen summary --warehouse "$MIQ_WAREHOUSE_DIR"
echo "demo data ready in $(( $(date +%s) - START ))s (scale $SCALE)"
if [ -f embed-api/src/runtime/node.ts ]; then
  exec npm run start --silent -w @miq/embed-api
fi
