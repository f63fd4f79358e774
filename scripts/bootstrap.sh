#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine with Node 20, Python 3.11, make and apt.
# Idempotent: each step is skipped when its inputs have not changed since it last ran.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .miq

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "bootstrap: apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
  # The postgresql package starts a cluster of its own on 5432; the tests use a throwaway cluster instead.
  $SUDO pg_ctlcluster 15 main stop >/dev/null 2>&1 || true
fi

stamp() { sha256sum "$@" | sha256sum | cut -c1-16; }

npm_stamp=$(stamp package.json package-lock.json */package.json)
if [ ! -d node_modules ] || [ "$(cat .miq/npm.stamp 2>/dev/null)" != "$npm_stamp" ]; then
  echo "bootstrap: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$npm_stamp" > .miq/npm.stamp
fi

py_stamp=$(stamp requirements.txt)
if [ ! -x .venv/bin/dbt ] || [ "$(cat .miq/venv.stamp 2>/dev/null)" != "$py_stamp" ]; then
  echo "bootstrap: python virtualenv (.venv) from requirements.txt"
  rm -rf .venv
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check --only-binary=dbt-core-experimental-parser -r requirements.txt
  echo "$py_stamp" > .miq/venv.stamp
fi
