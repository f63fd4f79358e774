/**
 * The freshness lookup (`source_freshness`: last sync per source) is the same statement for every query of a tenant
 * and only changes when the tenant's marts are rebuilt, yet it ran with every metrics query — a second DuckDB statement
 * competing with the query itself. This memo runs it once per tenant and marts version: the key holds the location,
 * the attached marts file (`attachedFile`, which changes on every rebuild's swap) and the statement (its parameters
 * hold the tenant id). Warehouses without versioned files (Snowflake) fall back to the time to live. Concurrent
 * requests share one run; a failure is not remembered.
 *
 * @example
 * const freshnessRows = createFreshnessMemo(warehouse);
 * const rows = await freshnessRows(compiledFreshness, scope);
 */
import type { TenantScope } from '../semantic/scope.js';
import type { CompiledQuery, Warehouse } from '../warehouse/types.js';

type Rows = Record<string, unknown>[];

export interface FreshnessMemoOptions {
  /** Longest a remembered answer is used (default 60 s); a marts swap ends it at once on DuckDB. */
  readonly ttlMs?: number;
  readonly now?: () => number;
  readonly maxEntries?: number;
}

export function createFreshnessMemo(
  warehouse: Warehouse & { attachedFile?: (location: string) => string | undefined },
  o: FreshnessMemoOptions = {},
): (q: CompiledQuery, scope: TenantScope) => Promise<Rows> {
  const ttlMs = o.ttlMs ?? 60_000;
  const now = o.now ?? Date.now;
  const maxEntries = o.maxEntries ?? 10_000;
  const entries = new Map<string, { readonly at: number; readonly rows: Promise<Rows> }>();
  return (q, scope) => {
    const version = warehouse.attachedFile?.(q.location) ?? '';
    const key = JSON.stringify([q.location, version, q.sql, q.parameters]);
    const t = now();
    const known = entries.get(key);
    if (known !== undefined && t - known.at < ttlMs) return known.rows;
    // No request signal: the run is shared by every request that asks meanwhile.
    const rows = warehouse.execute(q, { scope });
    if (entries.size >= maxEntries) entries.clear();
    entries.set(key, { at: t, rows });
    rows.catch(() => {
      if (entries.get(key)?.rows === rows) entries.delete(key);
    });
    return rows;
  };
}
