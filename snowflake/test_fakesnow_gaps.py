"""What fakesnow 0.12.1 does not do like Snowflake. Each test shows one gap as observed here; the Snowflake SQL and
the adapter stay written for Snowflake (per its documentation) and snowflake/README.md lists what only a real account
verifies. If fakesnow closes a gap, its test fails: then update the README and turn the test into a check."""

from __future__ import annotations

import datetime as dt

import pytest
import snowflake.connector
from conftest import connect


def run(port: int, sql: str, params=None):
    with connect(port, "GAPS_DB") as c:
        cur = c.cursor()
        cur.execute(sql, params)
        return cur.fetchall()


@pytest.mark.parametrize(
    "statement",
    [
        "alter session set query_tag = '{\"app\":\"marketing-iq\",\"tenant\":\"t\"}'",
        "alter session set statement_timeout_in_seconds = 30",
    ],
)
def test_gap_session_parameters_are_not_implemented(fakesnow_port, statement):
    """QUERY_TAG / STATEMENT_TIMEOUT_IN_SECONDS: the API sends them per statement (checked against the fake HTTP
    server in embed-api/src/warehouse/snowflake); their effect needs a real account."""
    with pytest.raises(snowflake.connector.errors.ProgrammingError, match="not implemented"):
        run(fakesnow_port, statement)


@pytest.mark.parametrize(
    "sql",
    [
        "select * from snowflake.account_usage.query_history limit 1",
        "select * from snowflake.account_usage.query_attribution_history limit 1",
        "select current_warehouse()",
        "select system$cancel_query('01b2c3d4-0000-0000-0000-000000000000')",
    ],
)
def test_gap_account_usage_warehouses_and_cancel_are_absent(fakesnow_port, sql):
    with pytest.raises(snowflake.connector.errors.Error):
        run(fakesnow_port, sql)


def test_gap_null_timestamp_ntz_reads_as_epoch(fakesnow_port):
    """Snowflake returns NULL; fakesnow's Arrow result gives 1970-01-01 (the value is NULL in storage: `is null`)."""
    assert run(fakesnow_port, "select cast(null as timestamp_ntz), cast(null as timestamp_ntz) is null") == [
        (dt.datetime(1970, 1, 1), True)
    ]


def test_gap_timestamp_tz_loses_its_offset(fakesnow_port):
    """Snowflake keeps the offset of a TIMESTAMP_TZ (+01:00); fakesnow returns the instant in UTC."""
    (v,) = run(fakesnow_port, "select '2026-03-08 08:30:00 +01:00'::timestamp_tz")[0]
    assert v == dt.datetime(2026, 3, 8, 7, 30, tzinfo=dt.timezone.utc)
    assert v.utcoffset() == dt.timedelta(0)


def test_gap_date_trunc_of_a_date_is_a_timestamp(fakesnow_port):
    """Snowflake's DATE_TRUNC returns a DATE for a DATE; fakesnow a TIMESTAMP. The API's compiler casts the bucket to
    DATE, which is right on both (checked here)."""
    raw, cast = run(fakesnow_port, "select date_trunc('week', '2026-11-25'::date), "
                    "cast(date_trunc('week', '2026-11-25'::date) as date)")[0]
    assert isinstance(raw, dt.datetime) and cast == dt.date(2026, 11, 23)


def test_gap_a_bind_followed_by_a_double_colon_cast_does_not_parse(fakesnow_port):
    """Snowflake accepts `?::date`; fakesnow's parser does not. The API's compiler emits `cast(? as date)` (works on
    both, next test)."""
    with pytest.raises(snowflake.connector.errors.ProgrammingError):
        run(fakesnow_port, "select ?::date", ["2026-11-25"])


def test_dialect_forms_the_project_uses_work(fakesnow_port):
    """Not a gap: the Snowflake forms used by dbt macros and the compiler, with binds (qmark). 08:30 UTC on
    2026-03-08 is 03:30 in Chicago: daylight saving time began at 02:00 local (08:00 UTC) that morning."""
    rows = run(
        fakesnow_port,
        "select dateadd(day, -7, cast(? as date)), dayofweekiso(cast(? as date)), startswith(?, 'ra'), "
        "convert_timezone('UTC', 'America/Chicago', cast(? as timestamp_ntz)), "
        "try_parse_json('{\"tenant\":\"a\"}'):tenant::varchar, "
        "cast(1 as double) / nullif(0, 0)",
        ["2026-11-25", "2026-11-22", "rare-seeds", "2026-03-08 08:30:00"],
    )
    assert rows == [(dt.date(2026, 11, 18), 7, True, dt.datetime(2026, 3, 8, 3, 30), "a", None)]
