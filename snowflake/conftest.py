"""Fixtures for the Snowflake-dialect evidence (run by scripts/snowflake-check.sh, which prepares the inputs):

- MIQ_SNOWFLAKE_CHECK_DIR: warehouse dir with <tenant>/raw.duckdb (generator) and <tenant>/marts.duckdb (dbt-duckdb)
- MIQ_SNOWFLAKE_TENANTS: comma-separated tenants
- MIQ_SNOWFLAKE_DUCKDB_TARGET: dbt target dir prefix of the DuckDB builds (<prefix>-<tenant>/run_results.json,
  semantic_manifest.json)

A fakesnow server (snowflake/fakesnow_server.py) is started once per session on a free loopback port over a temporary
database directory, loaded with every tenant's raw data, and dbt-snowflake builds the whole project per tenant into
CLIENT_<TENANT>_DB. Nothing here writes outside the temporary directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import snowflake.connector

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from fakesnow_server import client_database, fivetran_database  # noqa: E402


def _env(name: str) -> str:
    v = os.environ.get(name)
    if not v:
        raise pytest.UsageError(f"{name} is not set: run scripts/snowflake-check.sh")
    return v


def check_dir() -> Path:
    return Path(_env("MIQ_SNOWFLAKE_CHECK_DIR")).resolve()


def tenants() -> list[str]:
    return [t for t in _env("MIQ_SNOWFLAKE_TENANTS").split(",") if t]


def duckdb_target(tenant: str) -> Path:
    return Path(_env("MIQ_SNOWFLAKE_DUCKDB_TARGET") + "-" + tenant)


def tenant_settings(tenant: str) -> dict[str, str]:
    """MIQ_REPORTING_CURRENCY etc. for dbt: the same helper scripts/warehouse.sh uses (dbt/tests_py/tenant_env.py)."""
    sys.path.insert(0, str(ROOT / "dbt" / "tests_py"))
    from tenant_env import tenant_env

    return tenant_env(tenant)


def connect(port: int, database: str | None = None, **kw) -> snowflake.connector.SnowflakeConnection:
    """The Python connector against the local fakesnow server; qmark = server-side binds, as the Node driver sends."""
    return snowflake.connector.connect(
        user="fake", password="snow", account="fakesnow", host="127.0.0.1", port=port, protocol="http",
        paramstyle="qmark", **({"database": database} if database else {}), **kw,
    )


@pytest.fixture(scope="session")
def fakesnow_port():
    tmp = tempfile.TemporaryDirectory(prefix="miq-fakesnow-")
    log = open(Path(tmp.name) / "server.log", "w+")
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "fakesnow_server.py"), "--db-path", str(Path(tmp.name) / "db"), "--port", "0",
         "--load-raw", str(check_dir()), "--tenants", ",".join(tenants())],
        stdout=subprocess.PIPE, stderr=log, text=True,
    )
    port = None
    deadline = time.time() + 300
    assert proc.stdout is not None
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if line.startswith("READY "):
            port = int(line.split()[1])
            break
        print(line.rstrip())
    if port is None:
        proc.kill()
        log.seek(0)
        raise RuntimeError(f"fakesnow server did not start:\n{log.read()[-3000:]}")
    yield port
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
    tmp.cleanup()


@pytest.fixture(scope="session")
def snowflake_builds(fakesnow_port, tmp_path_factory):
    """dbt-snowflake `build` (every model and test) per tenant against fakesnow: tenant -> (exit code, run_results, log)."""
    out = {}
    for tenant in tenants():
        target = tmp_path_factory.mktemp(f"dbt-sf-{tenant}")
        env = {
            **os.environ,
            **tenant_settings(tenant),
            "FAKESNOW_PORT": str(fakesnow_port),
            "SNOWFLAKE_DATABASE": client_database(tenant),
            "MIQ_TENANT": tenant,
            "MIQ_RAW_DATABASE": fivetran_database(tenant),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "DBT_USE_COLORS": "false",
        }
        t0 = time.time()
        p = subprocess.run(
            [str(Path(sys.executable).parent / "dbt"), "build", "--project-dir", str(ROOT / "dbt"), "--profiles-dir",
             str(HERE), "--target-path", str(target / "target"), "--log-path", str(target / "logs")],
            env=env, capture_output=True, text=True, cwd=ROOT,
        )
        rr = target / "target" / "run_results.json"
        results = json.loads(rr.read_text()) if rr.exists() else {"results": []}
        print(f"dbt-snowflake build {tenant}: exit {p.returncode} in {time.time() - t0:.1f}s")
        out[tenant] = (p.returncode, results, p.stdout[-4000:] + p.stderr[-2000:])
    return out


@pytest.fixture(scope="session")
def built_port(fakesnow_port, snowflake_builds):
    """The fakesnow port, once every tenant's dbt-snowflake build has run."""
    return fakesnow_port
