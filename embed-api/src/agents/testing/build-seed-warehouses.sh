#!/usr/bin/env bash
# Builds the extra warehouses of the agents' multi-seed tests (seeds 3 and 7, scale 0.02, the three demo tenants)
# into data/agents-seed{3,7}. Seed 42 is the shared test warehouse (data/test).
set -euo pipefail
cd "$(dirname "$0")/../../../.."
for seed in ${MIQ_AGENTS_SEEDS:-3 7}; do
  MIQ_SEED=$seed scripts/warehouse.sh "agents-seed$seed" "${MIQ_AGENTS_SCALE:-0.02}" rare-seeds,nordic-knits,kiwi-outdoors
done
