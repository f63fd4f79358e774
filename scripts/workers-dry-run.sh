#!/usr/bin/env bash
# Bundles the Cloudflare Workers build of the embed API (`wrangler deploy --dry-run`, nothing is uploaded), so
# Node-only code cannot creep into the shared app: a `node:` import, DuckDB or another Node-only package reachable from
# embed-api/src/runtime/workers.ts fails the bundle. Prints the bundle size. Exit code = wrangler's.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$(mktemp -d "${TMPDIR:-/tmp}/miq-workers.XXXXXX")
trap 'rm -rf "$OUT"' EXIT
export WRANGLER_LOG=warn WRANGLER_SEND_METRICS=false CLOUDFLARE_API_TOKEN= XDG_CONFIG_HOME="$OUT/config"
WRANGLER=embed-api/node_modules/.bin/wrangler
[ -x "$WRANGLER" ] || WRANGLER=node_modules/.bin/wrangler
"$WRANGLER" deploy --dry-run --config infra/workers/wrangler.toml --outdir "$OUT/dist"
if grep -lE '(from|require\()\s*"node:' "$OUT"/dist/*.js >/dev/null 2>&1; then
  echo "workers bundle: a node: import reached the bundle" >&2
  exit 1
fi
echo "workers bundle OK: $(du -k "$OUT"/dist/*.js | awk '{s+=$1} END {print s}') KiB in $OUT/dist (removed on exit)"
