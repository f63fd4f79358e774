/**
 * Plan + build for one normalized query: the current period's query, the comparison period's query (when `compare` is
 * set) and the freshness lookup, each compiled for one dialect.
 */
import { sql } from 'kysely';
import type { CompiledQuery } from '../../warehouse/types.js';
import { MAX_LIMIT } from '../../wire/index.js';
import type { Catalog } from '../catalog/types.js';
import type { LockedFilter } from '../query/authorize.js';
import type { NormalizedPlanInput } from '../query/types.js';
import type { TenantScope } from '../scope.js';
import { buildQuery, TOTAL_ALIAS } from './build.js';
import type { SqlDialect } from './dialects/index.js';
import { planQuery, type QueryPlan } from './plan.js';

export interface CompiledColumn {
  readonly alias: string;
  readonly key: string;
  readonly kind: 'dimension' | 'time' | 'measure' | 'total';
}

export interface CompiledMetricsQuery extends CompiledQuery {
  readonly role: 'current' | 'previous' | 'freshness';
  readonly columns: readonly CompiledColumn[];
}

function columnsOf(plan: QueryPlan): CompiledColumn[] {
  return [
    ...plan.dimensions.map((d) => ({
      alias: d.alias,
      key: d.key,
      kind: d.member.kind === 'time' ? ('time' as const) : ('dimension' as const),
    })),
    ...plan.measures.map((m) => ({ alias: m.alias, key: m.key, kind: 'measure' as const })),
    ...(plan.total ? [{ alias: TOTAL_ALIAS, key: 'total', kind: 'total' as const }] : []),
  ];
}

export function compileMetricsQuery(
  catalog: Catalog,
  q: NormalizedPlanInput,
  scope: TenantScope,
  locked: readonly LockedFilter[],
  dialect: SqlDialect,
  options: { freshness?: boolean } = {},
): CompiledMetricsQuery[] {
  const base = { location: scope.warehouseLocation, tenantId: scope.tenantId, locked, maxRows: MAX_LIMIT };
  const current = planQuery(catalog, q, { ...base, range: q.time?.range ?? null, comparison: false });
  const out: CompiledMetricsQuery[] = [
    {
      ...buildQuery(dialect, current),
      location: scope.warehouseLocation,
      role: 'current',
      columns: columnsOf(current),
    },
  ];
  if (q.compareRange) {
    const previous = planQuery(catalog, q, { ...base, range: q.compareRange, comparison: true });
    out.push({
      ...buildQuery(dialect, previous),
      location: scope.warehouseLocation,
      role: 'previous',
      columns: columnsOf(previous),
    });
  }
  if (options.freshness !== false) out.push(freshnessQuery(catalog, scope, dialect));
  return out;
}

const freshnessCache = new WeakMap<Catalog, Map<string, CompiledMetricsQuery>>();

/** The per-source sync times of the tenant; the same SQL for every query of a tenant, so it is compiled once. */
function freshnessQuery(catalog: Catalog, scope: TenantScope, dialect: SqlDialect): CompiledMetricsQuery {
  let byKey = freshnessCache.get(catalog);
  if (!byKey) {
    byKey = new Map();
    freshnessCache.set(catalog, byKey);
  }
  const key = JSON.stringify([dialect.name, scope.warehouseLocation, scope.tenantId]);
  const cached = byKey.get(key);
  if (cached) return cached;
  {
    const t = catalog.freshnessTable;
    const compiled = dialect.db
      .selectFrom(sql`${sql.id(scope.warehouseLocation, t.schema, t.name)}`.as('s'))
      .select([sql.ref('s.source').as('source'), sql.ref('s.last_synced_at').as('last_synced_at')])
      .where(sql.ref('s.tenant_id'), '=', scope.tenantId)
      .compile();
    const q: CompiledMetricsQuery = {
      sql: compiled.sql,
      parameters: compiled.parameters,
      location: scope.warehouseLocation,
      role: 'freshness',
      columns: [],
    };
    if (byKey.size > 10_000) byKey.clear();
    byKey.set(key, q);
    return q;
  }
}
