#!/usr/bin/env bash
# Builds the warehouses of the agents' multi-seed acceptance tests (seeds 42, 3 and 7, scale 0.02, the three demo
# tenants) into data/agents-seed{42,3,7}, all ending on one fixed day (MIQ_AGENTS_END_DATE, default 2026-11-24):
# the detectors' recall and precision on generated data depend on the end date (the noise of each day is drawn anew),
# so a test against "yesterday" passed or failed with the calendar. The tests take their clock from the manifest.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
for seed in ${MIQ_AGENTS_SEEDS:-42 3 7}; do
  MIQ_SEED=$seed MIQ_END_DATE=${MIQ_AGENTS_END_DATE:-2026-11-24} \
    scripts/warehouse.sh "agents-seed$seed" "${MIQ_AGENTS_SCALE:-0.02}" rare-seeds,nordic-knits,kiwi-outdoors
done
