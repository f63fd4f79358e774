"""The marts match the mart contract in CONTRIBUTING.md: every relation and column it lists exists, every row carries
the tenant key, identifiers are strings, platform and device codes are the contract's."""

from __future__ import annotations

import re

from conftest import REPO, rows


def _contract() -> dict[str, list[str]]:
    """mart -> columns, parsed from the 'Mart contract' table of CONTRIBUTING.md (text in parentheses dropped)."""
    text = (REPO / "CONTRIBUTING.md").read_text()
    section = text.split("## Mart contract", 1)[1].split("\n## ", 1)[0]
    contract = {}
    for line in section.splitlines():
        m = re.match(r"^\| `(\w+)`[^|]*\|[^|]*\|(.*)\|\s*$", line)
        if not m:
            continue
        columns = re.sub(r"\([^)]*\)", "", m.group(2))
        contract[m.group(1)] = [c.strip() for c in columns.split(",") if c.strip()]
    return contract


def _columns(con) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for table, column, dtype in rows(
        con,
        """select table_name, column_name, data_type from information_schema.columns
           where table_catalog = 'marts' and table_schema = 'marts'
             and regexp_matches(table_name, '^(dim_|fact_|source_freshness$)')""",
    ):
        out.setdefault(table, {})[column] = dtype
    return out


def test_contract_is_parsed():
    contract = _contract()
    assert len(contract) >= 17, sorted(contract)
    assert "spend_reporting" in contract["fact_campaign_performance_daily"]


def test_every_contract_mart_and_column_exists(con):
    actual = _columns(con)
    missing = {
        mart: [c for c in columns if c not in actual.get(mart, {})]
        for mart, columns in _contract().items()
        if mart not in actual or any(c not in actual[mart] for c in columns)
    }
    assert not missing, f"missing marts/columns: {missing}"


def test_every_mart_row_carries_this_tenant(con, tenant):
    for table, columns in _columns(con).items():
        assert columns.get("tenant_id") == "VARCHAR", f"{table} has no varchar tenant_id"
        bad = rows(con, f"select count(*) from marts.marts.{table} where tenant_id is distinct from ?", [tenant])
        assert bad == [(0,)], f"{table}: {bad[0][0]} rows without tenant {tenant}"


def test_identifiers_and_keys_are_strings(con):
    wrong = [
        (table, column, dtype)
        for table, columns in _columns(con).items()
        for column, dtype in columns.items()
        if (column.endswith("_id") or column.endswith("_key")) and dtype != "VARCHAR"
    ]
    assert not wrong


def test_meta_ids_keep_all_their_digits(con):
    """Meta ids exceed 2^53: the marts' ids equal the raw ids digit for digit."""
    raw_ids = {r[0] for r in rows(con, "select distinct campaign_id from raw.facebook_ads.basic_campaign")}
    mart_ids = {
        r[0]
        for r in rows(
            con, "select distinct campaign_id from marts.marts.fact_campaign_performance_daily where platform_code = 'meta'"
        )
    }
    assert raw_ids and raw_ids == mart_ids
    assert max(len(i) for i in mart_ids) > 15


def test_codes_are_the_contract_codes(con):
    assert {r[0] for r in rows(con, "select platform_code from marts.marts.dim_platform")} == {
        "google_ads", "meta", "ga4", "klaviyo"
    }
    devices = {r[0] for r in rows(con, "select distinct device_code from marts.marts.fact_campaign_performance_daily")}
    devices |= {r[0] for r in rows(con, "select distinct device_code from marts.marts.fact_ga4_traffic_daily")}
    assert devices <= {"desktop", "mobile", "tablet", "other"} and {"desktop", "mobile"} <= devices


def test_fact_row_keys_are_md5_of_the_grain(con):
    """row_key of fact_campaign_performance_daily is unique and 32 hex characters, one per date x campaign x device."""
    (n, keys, grains, bad) = rows(
        con,
        """select count(*), count(distinct row_key), count(distinct (date_day, campaign_key, device_code)),
                  count(*) filter (where not regexp_matches(row_key, '^[0-9a-f]{32}$'))
           from marts.marts.fact_campaign_performance_daily""",
    )[0]
    assert n > 0 and n == keys == grains and bad == 0


def test_scd_dimensions_have_one_current_row_per_key(con):
    for table, key in [("dim_account", "account_key"), ("dim_campaign", "campaign_key")]:
        bad = rows(
            con,
            f"""select {key} from marts.marts.{table} group by {key}
                having count(*) filter (where is_current) <> 1""",
        )
        assert not bad, f"{table}: keys without exactly one current row: {bad[:5]}"




def test_contract_mart_columns_use_plain_types(con):
    """Counts are BIGINT, money DOUBLE: no HUGEINT / DECIMAL from DuckDB's sum() that API clients would have to map.
    (The marts of the part-1 contract table.)"""
    allowed = {"VARCHAR", "DOUBLE", "BIGINT", "INTEGER", "DATE", "TIMESTAMP", "BOOLEAN"}
    contract = _contract()
    odd = [
        (table, column, dtype)
        for table, columns in _columns(con).items()
        if table in contract
        for column, dtype in columns.items()
        if dtype not in allowed
    ]
    assert not odd
