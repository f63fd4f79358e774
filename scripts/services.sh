#!/usr/bin/env bash
# Starts (or stops) the throwaway PostgreSQL and Redis servers the tests use, on loopback only.
#   scripts/services.sh start   -> writes .miq/services.env (MIQ_TEST_PG_URL, MIQ_TEST_REDIS_URL, ...)
#   scripts/services.sh stop
set -euo pipefail
cd "$(dirname "$0")/.."
PG_PORT=${MIQ_TEST_PG_PORT:-54329}
REDIS_PORT=${MIQ_TEST_REDIS_PORT:-63799}
RUN=/tmp/miq-services-$PG_PORT
PGBIN=/usr/lib/postgresql/15/bin

start() {
  mkdir -p "$RUN"
  chmod 777 "$RUN"
  if ! [ -f "$RUN/pg/PG_VERSION" ]; then
    install -d -o postgres -g postgres "$RUN/pg"
    su postgres -s /bin/bash -c "$PGBIN/initdb -D $RUN/pg -U postgres --auth=trust -E UTF8 >/dev/null"
  fi
  su postgres -s /bin/bash -c "$PGBIN/pg_ctl -D $RUN/pg -l $RUN/pg.log -o '-p $PG_PORT -c listen_addresses=127.0.0.1 -k $RUN -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200' -w start >/dev/null"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
    --pidfile "$RUN/redis.pid" --logfile "$RUN/redis.log"
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  cat > "${MIQ_SERVICES_ENV:-.miq/services.env}" <<ENV
MIQ_TEST_PG_URL=postgres://postgres@127.0.0.1:$PG_PORT/postgres
MIQ_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT
MIQ_TEST_REDIS_PORT=$REDIS_PORT
MIQ_TEST_REDIS_PIDFILE=$RUN/redis.pid
ENV
  echo "services: postgres :$PG_PORT, redis :$REDIS_PORT"
}

stop() {
  if [ -f "$RUN/pg/postmaster.pid" ]; then
    su postgres -s /bin/bash -c "$PGBIN/pg_ctl -D $RUN/pg -m immediate -w stop >/dev/null" || true
  fi
  if [ -f "$RUN/redis.pid" ]; then kill "$(cat "$RUN/redis.pid")" 2>/dev/null || true; fi
  rm -rf "$RUN"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
