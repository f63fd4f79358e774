#!/usr/bin/env bash
# Schemathesis against the running embed API (issue 5, acceptance 2): starts the API on a free port over
# $MIQ_WAREHOUSE_DIR (demo seeding into a throw-away PGlite directory), mints a tenant token from the seeded demo
# partner, runs schemathesis on /api/v1/openapi.json with that token (checks: no 5xx, every response matches the
# schema), stops the API. Exit code = schemathesis's.
#   MIQ_WAREHOUSE_DIR=$PWD/data/test scripts/schemathesis.sh          # ST_MAX_EXAMPLES (default 10) per operation
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
: "${MIQ_WAREHOUSE_DIR:?set MIQ_WAREHOUSE_DIR to a built warehouse (scripts/warehouse.sh test 0.02)}"
[ -f "$MIQ_WAREHOUSE_DIR/semantic_manifest.json" ] || { echo "no semantic_manifest.json in $MIQ_WAREHOUSE_DIR" >&2; exit 2; }
ST=$ROOT/.venv/bin/st
[ -x "$ST" ] || { echo "schemathesis is not installed: .venv/bin/pip install -r requirements.txt" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/miq-schemathesis.XXXXXX")
API_PID=
cleanup() {
  if [ -n "$API_PID" ] && kill -0 "$API_PID" 2>/dev/null; then
    kill "$API_PID" 2>/dev/null || true
    wait "$API_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
BASE=http://127.0.0.1:$PORT

# The API: demo seeding on, its own app database, no internal listener, rate limits out of the way.
(
  cd embed-api
  exec env -u DATABASE_URL -u REDIS_URL MIQ_ENV=demo MIQ_DEMO_SEED=1 PORT="$PORT" HOST=127.0.0.1 \
    MIQ_WAREHOUSE_DIR="$MIQ_WAREHOUSE_DIR" MIQ_PGLITE_DIR="$WORK/pglite" MIQ_DEMO_PARTNER_FILE="$WORK/demo-partner.json" \
    MIQ_INTERNAL_PORT=off MIQ_RATE_TENANT_BURST=1000000 MIQ_RATE_TENANT_PER_SECOND=1000000 \
    MIQ_RATE_PARTNER_BURST=1000000 MIQ_RATE_PARTNER_PER_SECOND=1000000 MIQ_DUCKDB_THREADS=1 \
    node --import tsx src/runtime/node.ts
) >"$WORK/api.log" 2>&1 &
API_PID=$!

# Ready when it answers (health may be 503 when a seeded tenant has no directory in this warehouse) and the demo
# partner file is written.
answers() { [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/v1/health")" != "000" ]; }
for _ in $(seq 1 120); do
  if answers && [ -f "$WORK/demo-partner.json" ]; then break; fi
  if ! kill -0 "$API_PID" 2>/dev/null; then echo "the API did not start:" >&2; cat "$WORK/api.log" >&2; exit 1; fi
  sleep 0.5
done
answers && [ -f "$WORK/demo-partner.json" ] || { echo "the API did not come up:" >&2; tail -20 "$WORK/api.log" >&2; exit 1; }

TENANT=${ST_TENANT:-rare-seeds}
TOKEN=$(cd embed-api && node --input-type=module -e '
import { readFileSync } from "node:fs";
import { SignJWT, importJWK } from "jose";
const p = JSON.parse(readFileSync(process.argv[1], "utf8"));
const key = await importJWK(p.privateJwk, p.alg);
const now = Math.floor(Date.now() / 1000);
console.log(await new SignJWT({ tenant: process.argv[2], dashboards: ["*"] })
  .setProtectedHeader({ alg: p.alg, kid: p.kid, typ: "miq-embed+jwt" })
  .setIssuer(p.partnerId).setAudience("marketing-iq").setSubject("schemathesis")
  .setJti(crypto.randomUUID()).setIssuedAt(now).setExpirationTime(now + 3000).sign(key));
' "$WORK/demo-partner.json" "$TENANT")

echo "== schemathesis against $BASE/api/v1/openapi.json (tenant $TENANT, ${ST_MAX_EXAMPLES:-10} examples per operation)"
set +e
"$ST" run "$BASE/api/v1/openapi.json" \
  --header "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error,response_schema_conformance \
  --max-examples "${ST_MAX_EXAMPLES:-10}" \
  --phases examples,coverage,fuzzing \
  --workers 1 --seed "${ST_SEED:-5}" --request-timeout 30 \
  --suppress-health-check all --warnings off --output-truncate true \
  --report junit --report-dir "${ST_REPORT_DIR:-$WORK/report}" "$@"
RC=$?
set -e
if [ $RC -ne 0 ]; then echo "== API log (last 40 lines)"; tail -40 "$WORK/api.log"; fi
exit $RC
