/**
 * The small contract a SQL dialect implements for the metrics compiler: a compile-only Kysely instance and the few
 * functions whose names differ. Everything else is shared (STYLE habit 2).
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Granularity } from '../../../wire/index.js';

/** The compiler builds against no fixed schema: tables and columns come from the catalog. */
// biome-ignore lint/suspicious/noExplicitAny: no static schema — every table and column name comes from the catalog.
export type AnyDb = Record<string, any>;

export interface SqlDialect {
  readonly name: 'duckdb' | 'snowflake';
  readonly db: Kysely<AnyDb>;
  startsWith(column: RawBuilder<unknown>, prefix: RawBuilder<unknown>): RawBuilder<boolean>;
}

export function dateTrunc(g: Granularity, column: RawBuilder<unknown>): RawBuilder<unknown> {
  return g === 'day' ? column : sql`cast(date_trunc(${sql.lit(g)}, ${column}) as date)`;
}
