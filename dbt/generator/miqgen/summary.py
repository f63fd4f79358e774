"""summary: what dbt built, per tenant (rows per mart, date range, spend per platform in the reporting currency)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from miqgen.core import GenError


def summary(warehouse: Path) -> int:
    warehouse = Path(warehouse)
    if not warehouse.is_dir():
        raise GenError(f"no warehouse directory at {warehouse}")
    mpath = warehouse / "manifest.json"
    tenants = list(json.loads(mpath.read_text())["tenants"]) if mpath.exists() else sorted(
        p.name for p in warehouse.iterdir() if (p / "raw.duckdb").exists())
    if not tenants:
        raise GenError(f"no tenants in {warehouse} (no manifest.json and no <tenant>/raw.duckdb)")
    missing = 0
    for tid in tenants:
        marts = warehouse / tid / "marts.duckdb"
        print(f"\n== {tid} ==")
        if not marts.exists():
            print(f"  marts missing: {marts} does not exist (run dbt build for this tenant)")
            missing += 1
            continue
        con = duckdb.connect(str(marts), read_only=True)
        try:
            db = con.execute("SELECT current_database()").fetchone()[0]
            raw = warehouse / tid / "raw.duckdb"
            if raw.exists() and db != "raw":  # in case some marts are views over the raw tables
                con.execute(f"ATTACH '{raw}' AS raw (READ_ONLY)")
            tables = [r[0] for r in con.execute(
                """SELECT table_name FROM information_schema.tables WHERE table_schema = 'marts' AND table_catalog = ?
                   ORDER BY table_name""", [db]).fetchall()]
            if not tables:
                print("  marts missing: the marts schema is empty (run dbt build for this tenant)")
                missing += 1
                continue
            width = max(len(t) for t in tables)
            print(f"  {'mart':<{width}}  {'rows':>12}")
            for t in tables:
                n = con.execute(f'SELECT count(*) FROM "{db}".marts."{t}"').fetchone()[0]
                print(f"  {t:<{width}}  {n:>12,}")
            if "fact_campaign_performance_daily" in tables:
                lo, hi = con.execute(f'SELECT min(date_day), max(date_day) FROM "{db}".marts.fact_campaign_performance_daily').fetchone()
                print(f"  date range (fact_campaign_performance_daily): {lo} .. {hi}")
                rows = con.execute(
                    f"""SELECT platform_code, any_value(reporting_currency), sum(spend_reporting)
                        FROM "{db}".marts.fact_campaign_performance_daily GROUP BY 1 ORDER BY 1""").fetchall()
                print(f"  {'platform':<12} {'spend (reporting currency)':>30}")
                for plat, ccy, spend in rows:
                    print(f"  {plat:<12} {spend or 0:>26,.2f} {ccy}")
            else:
                print("  fact_campaign_performance_daily is missing: no date range or spend to show")
        finally:
            con.close()
    if missing == len(tenants):
        print(f"\nmarts missing for every tenant in {warehouse}: nothing has been built by dbt yet")
        return 1
    return 0
