import { createDuckDbDialect } from './duckdb.js';
import { createSnowflakeDialect } from './snowflake.js';
import type { SqlDialect } from './sql-dialect.js';

export type { SqlDialect } from './sql-dialect.js';

const cache = new Map<string, SqlDialect>();

/** One compile-only dialect per name, created on first use. */
export function dialectFor(name: 'duckdb' | 'snowflake'): SqlDialect {
  let d = cache.get(name);
  if (!d) {
    d = name === 'duckdb' ? createDuckDbDialect() : createSnowflakeDialect();
    cache.set(name, d);
  }
  return d;
}
