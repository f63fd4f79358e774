/**
 * DuckDB dialect: Kysely's default compiler (`"quoted"` identifiers, `$1` parameters, which @duckdb/node-api binds).
 */
import { DefaultQueryCompiler, DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, sql } from 'kysely';
import type { AnyDb, SqlDialect } from './sql-dialect.js';

export class DuckDbQueryCompiler extends DefaultQueryCompiler {}

export function createDuckDbDialect(): SqlDialect {
  const db = new Kysely<AnyDb>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new DuckDbQueryCompiler(),
    },
  });
  return {
    name: 'duckdb',
    db,
    startsWith: (column, prefix) => sql<boolean>`starts_with(${column}, ${prefix})`,
  };
}
