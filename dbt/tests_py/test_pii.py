"""No mart column holds personal data: email addresses, phone numbers or person names.

Every text column of every relation in the `marts` schema is scanned with regular expressions (email, phone
number) and compared with the actual values of raw.klaviyo.person (emails, phone numbers, full names). The same
scanner is first shown to find personal data where it is expected: in the staged person table.
"""

from __future__ import annotations

import duckdb

from conftest import rows

EMAIL_RE = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
# Formatted phone numbers: +CC..., (555) 123-4567, 555-123-4567, 555 123 4567. Bare digit strings are ids here.
PHONE_RE = r"(^|[^0-9])(\+[0-9][0-9 ().-]{6,}[0-9]|\(?[0-9]{3}\)?[ .-][0-9]{3}[ .-][0-9]{4})([^0-9]|$)"


def _text_columns(con: duckdb.DuckDBPyConnection, database: str, schema: str) -> list[tuple[str, str]]:
    return rows(
        con,
        """select table_name, column_name from information_schema.columns
           where table_catalog = ? and table_schema = ? and data_type = 'VARCHAR'
           order by table_name, column_name""",
        [database, schema],
    )


def _load_values(con: duckdb.DuckDBPyConnection, database: str, schema: str, only_table: str | None = None) -> int:
    """All distinct text values of the schema's relations into temp table scanned(tbl, col, val)."""
    con.execute("create or replace temp table scanned (tbl varchar, col varchar, val varchar)")
    columns = [(t, c) for t, c in _text_columns(con, database, schema) if only_table in (None, t)]
    for table, column in columns:
        con.execute(
            f"""insert into scanned select distinct '{table}', '{column}', "{column}"
                from "{database}"."{schema}"."{table}" where "{column}" is not null"""
        )
    return len(columns)


def _pii_hits(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(table, column, kind, example) for each column of `scanned` holding personal data.

    Every comparison with the person table is an equality (hash join): emails, phone digits, full names, and every
    pair of consecutive words of a value (so a full name inside a longer text is found too).
    """
    return rows(
        con,
        f"""
        with person as (
            select lower(trim(email)) as email,
                regexp_replace(phone_number, '[^0-9]', '', 'g') as phone_digits,
                lower(trim(first_name)) as first_name,
                lower(trim(last_name)) as last_name
            from raw.klaviyo.person
        ),
        full_names as (
            select distinct name from (
                select first_name || ' ' || last_name as name from person
                union all
                select last_name || ' ' || first_name from person
            ) where length(name) >= 5
        ),
        words as (
            select tbl, col, val,
                list_filter(string_split(regexp_replace(lower(val), '[^[:alnum:]]+', ' ', 'g'), ' '), w -> w <> '') as w
            from scanned
        ),
        word_pairs as (
            select tbl, col, val, unnest(list_transform(range(len(w) - 1), i -> w[i + 1] || ' ' || w[i + 2])) as pair
            from words
            where len(w) >= 2
        ),
        hits as (
            select tbl, col, 'email pattern' as kind, val from scanned where regexp_matches(val, '{EMAIL_RE}')
            union all
            select tbl, col, 'phone pattern', val from scanned where regexp_matches(val, '{PHONE_RE}')
            union all
            select s.tbl, s.col, 'person email', s.val
            from scanned as s join person as p on lower(trim(s.val)) = p.email
            union all
            select s.tbl, s.col, 'person phone', s.val
            from (select *, regexp_replace(val, '[^0-9]', '', 'g') as digits from scanned
                  where regexp_matches(val, '[^0-9]')) as s
            join person as p on length(p.phone_digits) >= 7 and s.digits = p.phone_digits
            union all
            select s.tbl, s.col, 'person name', s.val
            from scanned as s join full_names as n
                on regexp_replace(lower(trim(s.val)), '[^[:alnum:]]+', ' ', 'g') = n.name
            union all
            select s.tbl, s.col, 'contains person name', s.val
            from word_pairs as s join full_names as n on s.pair = n.name
        )
        select tbl, col, kind, min(val) from hits group by all order by all
        """,
    )


def test_the_scanner_finds_personal_data_in_the_staged_person_table(con):
    """Guards the scan below: on the staging view that holds PII it must flag email, phone and name columns."""
    assert rows(con, "select count(*) from raw.klaviyo.person")[0][0] > 0, "raw.klaviyo.person is empty"
    assert _load_values(con, "marts", "staging", "stg_klaviyo__person") > 0
    flagged = {(col, kind) for _, col, kind, _ in _pii_hits(con)}
    assert ("email", "email pattern") in flagged
    assert ("email", "person email") in flagged
    assert ("phone_number", "person phone") in flagged
    # A person's full name, alone or inside a longer text, is flagged too.
    first, last = rows(con, "select first_name, last_name from raw.klaviyo.person where length(first_name || last_name) >= 8 limit 1")[0]
    con.execute("delete from scanned")
    con.execute("insert into scanned values ('probe', 'name', ?), ('probe', 'note', ?), ('probe', 'clean', ?)",
                [f"{first} {last}", f"Welcome back, {first} {last}!", f"{first} Garden Seeds"])
    flagged = {(col, kind) for _, col, kind, _ in _pii_hits(con)}
    assert ("name", "person name") in flagged
    assert ("note", "contains person name") in flagged
    assert not any(col == "clean" for col, _ in flagged), "a first name alone is not a person name"


def test_no_mart_column_holds_an_email_phone_number_or_person_name(con):
    scanned_columns = _load_values(con, "marts", "marts")
    assert scanned_columns >= 20, f"only {scanned_columns} text columns in schema marts: was the build complete?"
    hits = _pii_hits(con)
    assert not hits, f"personal data in marts: {hits[:10]}"


def test_no_mart_column_is_named_like_personal_data(con):
    """Columns named like contact data. (Klaviyo's pseudonymous person_id is a key, allowed in membership facts.)"""
    suspicious = rows(
        con,
        """select table_name, column_name from information_schema.columns
           where table_catalog = 'marts' and table_schema = 'marts'
             and regexp_matches(lower(column_name), '(^email$|email_address|phone|first_name|last_name|address|^zip)')""",
    )
    assert not suspicious
