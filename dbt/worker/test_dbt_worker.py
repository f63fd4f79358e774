"""The warm dbt worker as its clients drive it: a real process, the real dbt, the project copied to a scratch dir.

Checks: bad requests get an answer naming the bad field and the worker keeps serving; the parsed project is reused
only while its inputs (files, environment, vars) are unchanged; a run writes real models, a failing model is reported
by name (dbt's verdict, not a crash), and the environment of one request does not leak into the next.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys
import time

import duckdb
import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
WORKER = REPO / "dbt" / "worker" / "dbt_worker.py"


class Client:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
        )
        self.ready = json.loads(self.proc.stdout.readline())
        self.next_id = 1

    def send_line(self, line: str) -> dict:
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def request(self, **req) -> dict:
        req.setdefault("id", self.next_id)
        self.next_id += 1
        return self.send_line(json.dumps(req))

    def stop(self) -> None:
        if self.proc.poll() is None:
            assert self.request(op="stop")["ok"] is True
            self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> pathlib.Path:
    """The dbt project (models, macros, tests, seeds) plus one model of our own, copied so files can be touched."""
    dst = tmp_path_factory.mktemp("worker") / "dbt"
    src = REPO / "dbt"
    dst.mkdir()
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy(src / name, dst / name)
    for sub in ("models", "macros", "tests", "seeds", "analyses"):
        if (src / sub).exists():
            shutil.copytree(src / sub, dst / sub)
    (dst / "models" / "worker_probe.sql").write_text(
        "{{ config(materialized='table', schema='probe') }}\nselect '{{ env_var('MIQ_PROBE', 'unset') }}' as probe\n"
    )
    return dst


@pytest.fixture(scope="module")
def client():
    c = Client()
    yield c
    c.stop()


def _env(project: pathlib.Path, marts: pathlib.Path, **extra: str) -> dict[str, str]:
    # make test exports the shared test warehouse; alone: `scripts/warehouse.sh test 0.02` builds data/test
    warehouse = os.environ.get("MIQ_WAREHOUSE_DIR") or str(REPO / "data" / "test")
    tenants = sorted(p.name for p in pathlib.Path(warehouse).glob("*") if (p / "raw.duckdb").exists())
    assert tenants, f"no tenant with a raw.duckdb in {warehouse} (run scripts/warehouse.sh test 0.02)"
    tenant = tenants[0]
    return {
        "MIQ_WAREHOUSE_DIR": warehouse,
        "MIQ_TENANT": tenant,
        "MIQ_MARTS_PATH": str(marts),
        "MIQ_REPORTING_CURRENCY": "USD",
        **extra,
    }


def _flags(project: pathlib.Path) -> list[str]:
    return [
        "--project-dir", str(project), "--profiles-dir", str(project),
        "--target-path", str(project / "target"), "--log-path", str(project / "logs"), "--quiet",
    ]  # fmt: skip


def test_bad_requests_are_answered_and_the_worker_keeps_serving(client, project, tmp_path):
    assert client.ready["ready"] is True
    not_json = client.send_line("{not json")
    assert not_json["ok"] is False and "bad request" in not_json["error"]
    bad = client.request(args="run", env={"A": 1}, cwd="/no/such/dir")
    assert bad["ok"] is False
    for field in ("args:", "env:", "cwd:"):
        assert field in bad["error"]
    assert client.request(args=[])["error"].startswith("bad request: args:")
    # Still serving: a valid request after the bad ones is answered by dbt.
    ok = client.request(args=["parse", *_flags(project)], env=_env(project, tmp_path / "m.duckdb"), cwd=str(REPO))
    assert ok["ok"] is True and ok["success"] is True, ok


def test_the_parsed_project_is_reused_only_while_its_inputs_are_unchanged(client, project, tmp_path):
    env = _env(project, tmp_path / "marts.duckdb")
    parse = ["parse", *_flags(project)]
    first = client.request(args=parse, env=env, cwd=str(REPO))
    again = client.request(args=parse, env=env, cwd=str(REPO))
    assert (first["ok"], again["ok"], again["parsed"]) == (True, True, False), (first, again)
    # A request with other environment values (another tenant, another marts path) gets its own parse.
    other = client.request(args=parse, env={**env, "MIQ_REPORTING_CURRENCY": "EUR"}, cwd=str(REPO))
    assert other["parsed"] is True
    # So do other vars.
    with_vars = client.request(args=[*parse, "--vars", "{compact_marts: true}"], env=env, cwd=str(REPO))
    assert with_vars["parsed"] is True
    # A changed model file means a new parse; the unchanged settings then reuse it again.
    probe = project / "models" / "worker_probe.sql"
    st = probe.stat()
    os.utime(probe, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    after_edit = client.request(args=parse, env=env, cwd=str(REPO))
    reused = client.request(args=parse, env=env, cwd=str(REPO))
    assert (after_edit["parsed"], reused["parsed"]) == (True, False)


def test_runs_write_models_report_failures_by_name_and_keep_environments_apart(client, project, tmp_path):
    marts = tmp_path / "marts.duckdb"
    run = ["run", "--select", "worker_probe", *_flags(project)]
    first = client.request(args=run, env=_env(project, marts, MIQ_PROBE="tenant-a"), cwd=str(REPO))
    assert (first["ok"], first["success"], first["errors"]) == (True, True, []), first
    assert first["seconds"] > 0 and first["cpu_seconds"] > 0 and first["max_rss_mb"] > 0

    def probe_value() -> str:
        with duckdb.connect(str(marts), read_only=True) as con:
            return con.execute("select probe from probe.worker_probe").fetchone()[0]

    # dbt closed the file at the end of the run (the worker keeps no connection): it can be read right away.
    assert probe_value() == "tenant-a"
    # The next request without MIQ_PROBE sees the default: the previous request's environment did not stay behind.
    second = client.request(args=run, env=_env(project, marts), cwd=str(REPO))
    assert second["success"] is True and probe_value() == "unset"
    assert "MIQ_PROBE" not in os.environ

    # A model that fails: dbt's verdict comes back with the model named; the worker is still there afterwards.
    broken = project / "models" / "worker_broken.sql"
    broken.write_text("select * from no_such_relation_anywhere\n")
    try:
        failed = client.request(
            args=["run", "--select", "worker_broken", *_flags(project)], env=_env(project, marts), cwd=str(REPO)
        )
    finally:
        broken.unlink()
        time.sleep(0.01)
    assert failed["ok"] is True and failed["success"] is False, failed
    assert any("model.marketing_iq.worker_broken" in e for e in failed["errors"]), failed["errors"]
    assert client.request(args=run, env=_env(project, marts, MIQ_PROBE="b"), cwd=str(REPO))["success"] is True
    assert probe_value() == "b"
