"""Fixtures for the pytest suites over a built warehouse (reconciliation, PII scan).

The warehouse is read from $MIQ_WAREHOUSE_DIR (make test builds data/test once and exports it). When the variable is
unset, the session builds the test warehouse itself with `scripts/warehouse.sh test 0.02` first. Tests never skip:
a missing tenant file is a failure.
"""

from __future__ import annotations

import json
import os
import pathlib
import subprocess

import duckdb
import pytest
import yaml

from tenant_env import TENANTS, tenant_env

REPO = pathlib.Path(__file__).resolve().parents[2]
DBT_PROJECT = REPO / "dbt" / "dbt_project.yml"


def _warehouse_dir() -> pathlib.Path:
    configured = os.environ.get("MIQ_WAREHOUSE_DIR")
    if configured:
        return pathlib.Path(configured).resolve()
    scale = os.environ.get("MIQ_TEST_SCALE", "0.02")
    if subprocess.run(["scripts/warehouse.sh", "test", scale], cwd=REPO).returncode != 0:
        raise pytest.UsageError("MIQ_WAREHOUSE_DIR is unset and `scripts/warehouse.sh test` failed (output above)")
    built = (REPO / "data" / "test").resolve()
    os.environ["MIQ_WAREHOUSE_DIR"] = str(built)
    return built


def pytest_configure(config: pytest.Config) -> None:
    # Build (or locate) the warehouse before collection, so tests can be parametrized by its tenants.
    # (pytest-xdist workers inherit MIQ_WAREHOUSE_DIR from the controller, which built it first.)
    config.miq_warehouse = _warehouse_dir()  # type: ignore[attr-defined]


def _tenant_ids(warehouse: pathlib.Path) -> list[str]:
    manifest = warehouse / "manifest.json"
    if manifest.exists():
        data = json.loads(manifest.read_text())
        tenants = data.get("tenants")
        if isinstance(tenants, dict):
            return sorted(tenants)
        if isinstance(tenants, list) and tenants:
            return [t if isinstance(t, str) else t["id"] for t in tenants]
    return [t["id"] for t in json.loads(TENANTS.read_text())["tenants"]]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "tenant" in metafunc.fixturenames:
        metafunc.parametrize("tenant", _tenant_ids(metafunc.config.miq_warehouse), scope="module")  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def warehouse(pytestconfig: pytest.Config) -> pathlib.Path:
    return pytestconfig.miq_warehouse  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def project_vars() -> dict:
    return yaml.safe_load(DBT_PROJECT.read_text())["vars"]


@pytest.fixture(scope="module")
def settings(tenant: str) -> dict[str, str]:
    """The tenant's reporting currency, GA4 / Klaviyo currency and time zone, straight from tenants.json."""
    return tenant_env(tenant)


@pytest.fixture(scope="module")
def con(warehouse: pathlib.Path, tenant: str):
    """The tenant's marts.duckdb (database `marts`) with its raw.duckdb attached as `raw`, both read-only."""
    marts = warehouse / tenant / "marts.duckdb"
    raw = warehouse / tenant / "raw.duckdb"
    assert raw.exists(), f"missing {raw}: the generator did not build tenant {tenant}"
    assert marts.exists(), f"missing {marts}: dbt did not build tenant {tenant}"
    connection = duckdb.connect(str(marts), read_only=True, config={"threads": 1, "memory_limit": "1GB"})
    connection.execute(f"attach '{raw}' as raw (read_only)")
    yield connection
    connection.close()


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()
