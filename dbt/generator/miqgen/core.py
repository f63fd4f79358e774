"""Shared machinery: the column contract, the per-tenant generation context, deterministic hash macros, progress."""

from __future__ import annotations

import hashlib
import json
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent
GEN_DIR = HERE.parent
CONTRACT_PATH = GEN_DIR / "contract" / "fivetran_columns.json"
TENANTS_PATH = GEN_DIR / "tenants.json"

# Rough value of one US dollar in each account currency (the FX table moves around these).
USD_VALUE = {"USD": 1.0, "EUR": 0.92, "SEK": 10.6, "NZD": 1.68, "AUD": 1.52, "GBP": 0.79, "CAD": 1.37}


class GenError(Exception):
    """Bad input or an environment problem: reported as one line on stderr with a non-zero exit."""


def load_contract() -> dict:
    with open(CONTRACT_PATH) as f:
        return json.load(f)


def contract_tables(contract: dict | None = None) -> list[tuple[str, str, dict[str, str]]]:
    contract = contract or load_contract()
    out = []
    for schema, tables in contract.items():
        if schema.startswith("_"):
            continue
        for table, spec in tables.items():
            out.append((schema, table, spec["columns"]))
    return out


def load_tenants() -> dict[str, dict]:
    with open(TENANTS_PATH) as f:
        return {t["id"]: t for t in json.load(f)["tenants"]}


def phash(*parts: object) -> int:
    """Deterministic 63-bit integer from the parts (Python side, for choosing injection dates)."""
    h = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(h[:8], "big") >> 1


def q(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


@dataclass
class Ctx:
    con: duckdb.DuckDBPyConnection
    seed: int
    tenant: dict
    scale: float  # global scale x tenant scale
    start: date
    end: date  # current last day of data
    gen_end: date  # end date of the original generation (background changes never move)
    w0: date  # window of performance rows being written (whole range on generate, a few days on append)
    w1: date
    version: int = 0  # 0 on generate; n for the n-th append (restated numbers differ slightly)
    inj: dict = field(default_factory=dict)  # injected situations, filled by situations.plan
    quiet: bool = False
    rows: dict = field(default_factory=dict)

    @property
    def tid(self) -> str:
        return self.tenant["id"]

    @property
    def tkey(self) -> int:
        return phash(self.tid) % 1000

    def n(self, base: float, floor: int) -> int:
        return max(floor, int(round(base * self.scale)))

    def accounts(self, platform: str) -> list[dict]:
        return self.tenant["accounts"][platform]

    @property
    def sync_ts(self) -> str:
        """Timestamp of the latest connector sync: the morning after the last day."""
        return f"TIMESTAMP '{self.end + timedelta(days=1)} 06:12:00'"

    def lit(self, d: date) -> str:
        return f"DATE '{d.isoformat()}'"

    def synced_expr(self, date_col: str, ent: str) -> str:
        """_fivetran_synced of a report row: the last sync for the lookback window, otherwise a few days after the day."""
        recent = min(self.end - timedelta(days=2), self.w0) if self.version > 0 else self.end - timedelta(days=2)
        return (
            f"CASE WHEN {date_col} >= {self.lit(recent)} THEN {self.sync_ts} "
            f"ELSE {date_col} + INTERVAL 3 DAY + INTERVAL 5 HOUR + to_minutes((u2({ent}, {date_col}) * 50)::BIGINT) END"
        )

    def log(self, msg: str) -> None:
        if not self.quiet:
            print(msg, file=sys.stderr, flush=True)


def setup_macros(con: duckdb.DuckDBPyConnection, seed: int, tenant_id: str) -> None:
    """u1..u5: uniform [0,1) from hash(seed, tenant, args); nz*: standard normal.
    DuckDB's multi-argument hash() combines the argument hashes weakly (hash(x, 'o') and hash(x, 'c') are strongly
    correlated), so the combined value is hashed once more to decorrelate the draws."""
    s = f"{int(seed)}, {q(tenant_id)}"
    for k in range(1, 6):
        args = ", ".join(f"a{i}" for i in range(k))
        con.execute(
            f"CREATE OR REPLACE TEMP MACRO u{k}({args}) AS "
            f"((hash(hash({s}, {args})) >> 11)::DOUBLE / 9007199254740992.0)"
        )
    for k in range(1, 5):
        args = ", ".join(f"a{i}" for i in range(k))
        con.execute(
            f"CREATE OR REPLACE TEMP MACRO nz{k}({args}) AS "
            f"(sqrt(-2 * ln(greatest(u{k + 1}({args}, 'n1'), 1e-12))) * cos(2 * pi() * u{k + 1}({args}, 'n2')))"
        )
    # stochastic rounding: unbiased integer from a non-negative expectation
    con.execute(
        "CREATE OR REPLACE TEMP MACRO sround(x, a, b, c) AS (floor(greatest(x, 0) + u4(a, b, c, 'sr'))::BIGINT)"
    )
    # a cheap base36-ish token for string ids
    con.execute("CREATE OR REPLACE TEMP MACRO tok(x, n) AS (substr(md5(x::VARCHAR), 1, n))")


def create_contract_tables(con: duckdb.DuckDBPyConnection, contract: dict) -> None:
    for schema, table, cols in contract_tables(contract):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
        coldefs = ", ".join(f'"{c}" {t}' for c, t in cols.items())
        con.execute(f"CREATE TABLE {schema}.{table} ({coldefs})")


def insert(ctx: Ctx, target: str, select_sql: str) -> int:
    """INSERT BY NAME into a contract table (missing columns stay NULL) and print a progress line."""
    t0 = time.perf_counter()
    added = ctx.con.execute(f"INSERT INTO {target} BY NAME {select_sql}").fetchone()[0]
    dt = time.perf_counter() - t0
    ctx.rows[target] = ctx.rows.get(target, 0) + added
    ctx.log(f"  {ctx.tid:<14} {target:<58} {added:>11,} rows {dt:7.2f}s {added / max(dt, 1e-6):>12,.0f} rows/s")
    return added


def temp(ctx: Ctx, name: str, select_sql: str) -> None:
    ctx.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {select_sql}")


def parse_date(s: str) -> date:
    try:
        return datetime.strptime(s, "%Y-%m-%d").date()
    except ValueError as e:
        raise GenError(f"bad date {s!r}: expected YYYY-MM-DD") from e


def split(total: str, cum: str, w: str, wsum: str, ph: str = "ph") -> str:
    """Exact integer share of `total` for a child with integer weight w (cumulative weight cum, weight sum wsum).
    Systematic sampling with a per-parent random phase ph in [0, 1): shares sum to the total exactly and each child
    gets total * w / wsum in expectation (plain floor would hand every small remainder to the last child)."""
    # BIGINT throughout (sum() yields HUGEINT, whose arithmetic is ~20x slower); products stay far below 2^63
    ws, c, wi = f"({wsum})::BIGINT", f"({cum})::BIGINT", f"({w})::BIGINT"
    p = f"floor(({ph}) * {ws})::BIGINT"
    return (f"((({total})::BIGINT * {c} + {p}) // {ws} "
            f"- (({total})::BIGINT * ({c} - {wi}) + {p}) // {ws})")
