"""A local fakesnow server over persistent database files, optionally loaded first with the synthetic raw data.

    .venv-snowflake/bin/python snowflake/fakesnow_server.py --db-path DIR --port 8765 \
        [--load-raw data/snow --tenants rare-seeds,nordic-knits]

Every `<DIR>/<NAME>.db` is attached at start-up so that cross-database references (dbt reads the tenant's Fivetran
database FIVETRAN_<TENANT> and writes CLIENT_<TENANT>_DB) resolve on every session. `--load-raw` copies each tenant's
`raw.duckdb` (the generator's Fivetran-shaped schemas) into FIVETRAN_<TENANT>.<SCHEMA>.<TABLE> with unquoted,
upper-case table and column names, as Fivetran's Snowflake destination creates them. Prints `READY <port>` when
serving. Stop it with SIGINT/SIGTERM.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from pathlib import Path

import fakesnow.server as fs_server
import uvicorn
from fakesnow.instance import FakeSnow


def fivetran_database(tenant: str) -> str:
    return "FIVETRAN_" + tenant.upper().replace("-", "_")


def client_database(tenant: str) -> str:
    return "CLIENT_" + tenant.upper().replace("-", "_") + "_DB"


def load_raw(fs: FakeSnow, raw_dir: Path, tenant: str) -> dict[str, int]:
    """Copies one tenant's raw.duckdb into its Fivetran database; returns rows per SCHEMA.TABLE."""
    raw = raw_dir / tenant / "raw.duckdb"
    if not raw.is_file():
        raise SystemExit(f"no raw data for tenant {tenant}: {raw} does not exist")
    db = fivetran_database(tenant)
    fs.connect(database=db).close()  # attaches (creates) the database file with fakesnow's info schema
    con = fs.duck_conn
    alias = "raw_src_" + tenant.replace("-", "_")
    con.execute(f"ATTACH '{raw}' AS {alias} (READ_ONLY)")
    counts: dict[str, int] = {}
    try:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables where table_catalog = ? "
            "and table_type = 'BASE TABLE' order by 1, 2",
            [alias],
        ).fetchall()
        for schema, table in tables:
            columns = [
                r[0]
                for r in con.execute(
                    "select column_name from information_schema.columns where table_catalog = ? and table_schema = ? "
                    "and table_name = ? order by ordinal_position",
                    [alias, schema, table],
                ).fetchall()
            ]
            s, t = schema.upper(), table.upper()
            select = ", ".join(f'"{c}" as "{c.upper()}"' for c in columns)
            con.execute(f'create schema if not exists {db}."{s}"')
            con.execute(f'create or replace table {db}."{s}"."{t}" as select {select} from {alias}."{schema}"."{table}"')
            counts[f"{s}.{t}"] = con.execute(f'select count(*) from {db}."{s}"."{t}"').fetchone()[0]
    finally:
        con.execute(f"DETACH {alias}")
    return counts


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db-path", required=True, type=Path)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--load-raw", type=Path, help="warehouse dir with <tenant>/raw.duckdb")
    p.add_argument("--tenants", default="")
    p.add_argument("--load-only", action="store_true", help="load and exit without serving")
    a = p.parse_args(argv)
    if a.load_raw and not a.tenants:
        p.error("--load-raw needs --tenants")
    a.db_path.mkdir(parents=True, exist_ok=True)
    fs = FakeSnow(db_path=a.db_path)
    for f in sorted(a.db_path.glob("*.db")):
        fs.connect(database=f.stem).close()
    if a.load_raw:
        for tenant in filter(None, a.tenants.split(",")):
            t0 = time.time()
            counts = load_raw(fs, a.load_raw, tenant)
            print(
                f"loaded {tenant} into {fivetran_database(tenant)}: {len(counts)} tables, "
                f"{sum(counts.values()):,} rows in {time.time() - t0:.1f}s",
                flush=True,
            )
    if a.load_only:
        fs.duck_conn.execute("CHECKPOINT")
        return 0
    fs_server.shared_fs = fs
    server = uvicorn.Server(uvicorn.Config(fs_server.app, host="127.0.0.1", port=a.port, log_level="warning"))
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while thread.is_alive() and not server.started:
        time.sleep(0.05)
    if not server.started:
        print("fakesnow server failed to start", file=sys.stderr)
        return 1
    port = server.servers[0].sockets[0].getsockname()[1]
    print(f"READY {port}", flush=True)
    stop.wait()
    server.should_exit = True
    thread.join(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
