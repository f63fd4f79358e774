/**
 * Snowflake dialect: `?` parameters (snowflake-sdk binds) and identifiers upper-cased, because dbt-snowflake creates
 * unquoted (hence upper-case) databases, schemas, tables and columns; `"FACT_X"` then names the same object as `fact_x`.
 */
import { DefaultQueryCompiler, DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, sql } from 'kysely';
import type { AnyDb, SqlDialect } from './sql-dialect.js';

export class SnowflakeQueryCompiler extends DefaultQueryCompiler {
  protected override getCurrentParameterPlaceholder(): string {
    return '?';
  }

  protected override sanitizeIdentifier(identifier: string): string {
    return super.sanitizeIdentifier(identifier.toUpperCase());
  }
}

export function createSnowflakeDialect(): SqlDialect {
  const db = new Kysely<AnyDb>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new SnowflakeQueryCompiler(),
    },
  });
  return {
    name: 'snowflake',
    db,
    startsWith: (column, prefix) => sql<boolean>`startswith(${column}, ${prefix})`,
  };
}
