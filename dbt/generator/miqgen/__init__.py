"""Synthetic, deterministic, Fivetran-shaped raw data for Marketing IQ (see dbt/generator/README.md)."""
