/**
 * The contract every warehouse variant implements (DuckDB embedded, Snowflake in production).
 */
import type { TenantScope } from '../semantic/scope.js';

export type WarehouseDialect = 'duckdb' | 'snowflake';

/** SQL compiled by Kysely for one dialect: parameters are bound, never spliced. */
export interface CompiledQuery {
  readonly sql: string;
  readonly parameters: readonly unknown[];
  /** The warehouse location the SQL reads: the warehouse refuses to run it for a scope with another location. */
  readonly location: string;
}

export interface Warehouse {
  readonly dialect: WarehouseDialect;
  /** Runs the query; rows are keyed by lower-case column alias. Values: number, string, boolean, null, bigint. */
  execute(q: CompiledQuery, o: { scope: TenantScope; signal?: AbortSignal }): Promise<Record<string, unknown>[]>;
  /**
   * Optional (DuckDB): the same run, answered column by column without building an object per row — what the
   * semantic layer writes straight into the response text. Values as `execute` gives them, except dates and
   * decimals, which may be objects whose `String()` is their ISO / decimal text.
   */
  executeColumns?(q: CompiledQuery, o: { scope: TenantScope; signal?: AbortSignal }): Promise<ColumnarResult>;
  close(): Promise<void>;
}

/** A result by column: `columns[i][row]` is the value of the column named `names[i]` (lower-case alias). */
export interface ColumnarResult {
  readonly names: readonly string[];
  readonly columns: readonly (readonly unknown[])[];
  readonly rowCount: number;
}
