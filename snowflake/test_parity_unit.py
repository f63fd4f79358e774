"""The comparison itself can fail: differences in rows, counts, totals and columns are reported."""

import datetime as dt
import decimal

from parity import diff_tables, norm


def test_identical_tables_have_no_problems():
    rows = [(1, "a", dt.date(2026, 1, 2)), (2, None, None)]
    assert diff_tables("t", ["X", "S", "D"], rows, ["x", "s", "d"], list(reversed(rows))) == []


def test_a_changed_value_a_missing_row_and_a_missing_column_are_reported():
    assert any("rows only in snowflake" in p for p in diff_tables("t", ["x"], [(1,), (2,)], ["x"], [(1,), (3,)]))
    assert any("row count" in p for p in diff_tables("t", ["x"], [(1,)], ["x"], [(1,), (1,)]))
    assert any("total" in p for p in diff_tables("t", ["x"], [(1.5,)], ["x"], [(1.0,)]))
    assert any("columns differ" in p for p in diff_tables("t", ["x", "y"], [(1, 2)], ["x"], [(1,)]))


def test_type_mapping_to_json_values():
    assert norm(decimal.Decimal("12.340")) == 12.34
    assert diff_tables("t", ["x"], [(12.5378275,)], ["x"], [(12.537827500000001,)]) == []
    assert norm(7) == 7.0 and norm(True) is True
    assert norm(dt.date(2026, 11, 24)) == "2026-11-24"
    aware = dt.datetime(2026, 11, 24, 7, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert norm(aware) == "2026-11-24T06:00:00.000000"
    assert norm(None) is None
