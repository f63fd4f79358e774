"""Prints a tenant's dbt settings from dbt/generator/tenants.json as NAME=value words for `export`.

Usage: python dbt/tests_py/tenant_env.py TENANT  ->  MIQ_REPORTING_CURRENCY=USD MIQ_GA4_CURRENCY=USD ...
"""

import json
import pathlib
import re
import sys

TENANTS = pathlib.Path(__file__).resolve().parents[1] / "generator" / "tenants.json"


def tenant_env(tenant_id: str) -> dict[str, str]:
    tenants = json.loads(TENANTS.read_text())["tenants"]
    tenant = next((t for t in tenants if t["id"] == tenant_id), None)
    if tenant is None:
        raise KeyError(f"unknown tenant {tenant_id!r}; known: {', '.join(t['id'] for t in tenants)}")
    accounts = tenant.get("accounts", {})

    def first_currency(platform: str) -> str:
        listed = accounts.get(platform) or []
        return listed[0]["currency"] if listed else tenant["reporting_currency"]

    env = {
        "MIQ_REPORTING_CURRENCY": tenant["reporting_currency"],
        "MIQ_GA4_CURRENCY": first_currency("google_analytics_4"),
        "MIQ_KLAVIYO_CURRENCY": first_currency("klaviyo"),
        "MIQ_TIME_ZONE": tenant["time_zone"],
    }
    for name, value in env.items():
        if not re.fullmatch(r"[A-Za-z0-9_/+-]+", value):
            raise ValueError(f"{name}={value!r} is not a plain code")
    return env


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: tenant_env.py TENANT")
    try:
        print(" ".join(f"{k}={v}" for k, v in tenant_env(sys.argv[1]).items()))
    except (KeyError, ValueError) as e:
        sys.exit(str(e))
