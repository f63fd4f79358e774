"""Command line: generate, append-day, summary. Errors end with one line on stderr and exit code 2."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

import duckdb

from miqgen.core import GenError, parse_date


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line instead of usage + error
        print(f"miqgen: error: {message} (see --help)", file=sys.stderr)
        sys.exit(2)


def _scale(s: str) -> float:
    try:
        return float(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"scale must be a number, got {s!r}") from None


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds through the clean-up of temp files


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _terminate)
    p = _Parser(prog="python -m miqgen", description="Synthetic Fivetran-shaped raw data for Marketing IQ")
    sub = p.add_subparsers(dest="cmd", required=True, parser_class=_Parser)
    g = sub.add_parser("generate", help="write <out>/<tenant>/raw.duckdb and <out>/manifest.json")
    g.add_argument("--out", required=True, type=Path)
    g.add_argument("--tenants", required=True, help="comma-separated tenant ids from dbt/generator/tenants.json")
    g.add_argument("--scale", required=True, type=_scale)
    g.add_argument("--seed", type=int, default=42)
    g.add_argument("--end-date", help="last day of data, YYYY-MM-DD (default: yesterday UTC)")
    g.add_argument("--days", type=int, default=425)
    g.add_argument("--quiet", action="store_true")
    a = sub.add_parser("append-day", help="append the next day and restate the previous N days")
    a.add_argument("--out", required=True, type=Path)
    a.add_argument("--tenant", required=True)
    a.add_argument("--restate-days", type=int, default=3)
    a.add_argument("--quiet", action="store_true")
    s = sub.add_parser("summary", help="rows per mart, date range and spend per platform of a built warehouse")
    s.add_argument("--warehouse", required=True, type=Path)
    args = p.parse_args(argv)
    from miqgen import generate as gen
    from miqgen import summary as summ

    try:
        if args.cmd == "generate":
            tenants = [t.strip() for t in args.tenants.split(",") if t.strip()]
            end = parse_date(args.end_date) if args.end_date else None
            gen.generate(args.out, tenants, args.scale, args.seed, end, args.days, quiet=args.quiet)
            return 0
        if args.cmd == "append-day":
            gen.append_day(args.out, args.tenant, args.restate_days, quiet=args.quiet)
            return 0
        return summ.summary(args.warehouse)
    except GenError as e:
        print(f"miqgen: error: {e}", file=sys.stderr)
        return 2
    except duckdb.IOException as e:
        print(f"miqgen: error: {str(e).splitlines()[0]}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("miqgen: interrupted; nothing was replaced", file=sys.stderr)
        return 130
