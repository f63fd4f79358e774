"""Operations SQL on Snowflake's dialect: the credits-per-tenant report (snowflake/sql/credits_per_tenant.sql).
fakesnow has no SNOWFLAKE.ACCOUNT_USAGE, so the test creates QUERY_ATTRIBUTION_HISTORY with the documented columns and
known rows, runs the report SQL unchanged, and checks it against sums computed here in Python."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path

from conftest import connect

REPORT = (Path(__file__).parent / "sql" / "credits_per_tenant.sql").read_text()

ROWS = [
    # query_tag, warehouse, start_time, credits_attributed_compute, credits_used_query_acceleration
    (json.dumps({"app": "marketing-iq", "tenant": "rare-seeds"}), "MIQ_API_WH", "2026-11-03 10:00:00", 0.25, None),
    (json.dumps({"app": "marketing-iq", "tenant": "rare-seeds"}), "MIQ_API_WH", "2026-11-04 10:00:00", 0.5, 0.125),
    (json.dumps({"app": "marketing-iq", "tenant": "nordic-knits"}), "PARTNER_ACME_WH", "2026-11-05 10:00:00", 1.0, None),
    ("marketing_iq:rare-seeds", "MIQ_TRANSFORM_WH", "2026-11-06 02:00:00", 2.0, None),
    ("marketing_iq:nordic-knits", "MIQ_TRANSFORM_WH", "2026-11-06 02:30:00", 1.5, None),
    ("", "MIQ_API_WH", "2026-11-07 10:00:00", 9.0, None),  # untagged: not attributed
    ("some other app", "OTHER_WH", "2026-11-07 10:00:00", 9.0, None),  # foreign tag: not attributed
    (json.dumps({"app": "marketing-iq", "tenant": "rare-seeds"}), "MIQ_API_WH", "2026-10-31 23:59:59", 7.0, None),
    (json.dumps({"app": "marketing-iq", "tenant": "rare-seeds"}), "MIQ_API_WH", "2026-12-01 00:00:00", 7.0, None),
]


def expected(start: str, end: str) -> dict[tuple[str, str, str], tuple[int, float]]:
    out: dict[tuple[str, str, str], list] = defaultdict(lambda: [0, 0.0])
    for tag, wh, ts, c, qa in ROWS:
        if not (start <= ts < end):
            continue
        if tag.startswith("marketing_iq:"):
            tenant, workload = tag.split(":", 1)[1], "dbt"
        else:
            try:
                tenant, workload = json.loads(tag)["tenant"], "api"
            except (ValueError, KeyError, TypeError):
                continue
        out[(tenant, workload, wh)][0] += 1
        out[(tenant, workload, wh)][1] += c + (qa or 0)
    return {k: (v[0], v[1]) for k, v in out.items()}


def test_credits_per_tenant_report(fakesnow_port):
    with connect(fakesnow_port, "SNOWFLAKE") as c:
        cur = c.cursor()
        cur.execute("create schema if not exists SNOWFLAKE.ACCOUNT_USAGE")
        cur.execute(
            "create or replace table SNOWFLAKE.ACCOUNT_USAGE.QUERY_ATTRIBUTION_HISTORY (query_id varchar, "
            "parent_query_id varchar, root_query_id varchar, warehouse_id number, warehouse_name varchar, "
            "query_hash varchar, query_parameterized_hash varchar, query_tag varchar, user_name varchar, "
            "start_time timestamp_ltz, end_time timestamp_ltz, credits_attributed_compute float, "
            "credits_used_query_acceleration float)"
        )
        for i, (tag, wh, ts, credits, qa) in enumerate(ROWS):
            cur.execute(
                "insert into SNOWFLAKE.ACCOUNT_USAGE.QUERY_ATTRIBUTION_HISTORY (query_id, warehouse_name, query_tag, "
                "user_name, start_time, end_time, credits_attributed_compute, credits_used_query_acceleration) "
                "values (?, ?, ?, 'MIQ_API', ?, ?, ?, ?)",
                [f"q{i}", wh, tag, ts, ts, credits, qa],
            )
        cur.execute(REPORT, ["2026-11-01 00:00:00", "2026-12-01 00:00:00"])
        got = {(r[0], r[1], r[2]): (int(r[3]), float(r[4])) for r in cur.fetchall()}
    want = expected("2026-11-01 00:00:00", "2026-12-01 00:00:00")
    assert set(got) == set(want)
    for k, (n, credits) in want.items():
        assert got[k][0] == n and math.isclose(got[k][1], credits), k
    assert ("rare-seeds", "api", "MIQ_API_WH") in got and got[("rare-seeds", "api", "MIQ_API_WH")][1] == 0.875
