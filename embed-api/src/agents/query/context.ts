/**
 * Builds the parser's `ParseContext` for one tenant scope: the members it may query, what each measure reaches, and
 * the named entities from the tenant's filter options (dimension-only queries through the semantic layer, so the
 * token's locked filters and tenant apply).
 */
import { canReach } from '../../semantic/catalog/reach.js';
import type { Catalog } from '../../semantic/catalog/types.js';
import type { TenantScope } from '../../semantic/scope.js';
import type { MetricsResponse } from '../../wire/index.js';
import type { ParseContext } from './parse.js';
import { ENTITY_MEMBERS } from './vocabulary.js';

/** Members visible to the scope (all of the catalog when the token has no member bound). */
export function membersFor(catalog: Catalog, scope: TenantScope): Set<string> {
  const out = new Set<string>();
  for (const name of catalog.members.keys()) {
    if (scope.allowedMembers === undefined || scope.allowedMembers.has(name)) out.add(name);
  }
  return out;
}

/** measure → the dimension members every one of its facts can slice. */
export function reachFor(catalog: Catalog): (measure: string) => ReadonlySet<string> {
  const cache = new Map<string, Set<string>>();
  return (measure) => {
    const hit = cache.get(measure);
    if (hit) return hit;
    const metric = catalog.members.get(measure);
    const out = new Set<string>();
    if (metric?.kind === 'metric') {
      const facts = metric.facts.map((f) => catalog.facts.get(f)).filter((f) => f !== undefined);
      for (const m of catalog.members.values()) {
        if (m.kind !== 'metric' && facts.length > 0 && facts.every((f) => canReach(f, m))) out.add(m.member);
      }
    }
    cache.set(measure, out);
    return out;
  };
}

/** measure → the members it is valid at (`MetricMember.grain`: non-empty for non-additive measures only). */
export function grainFor(catalog: Catalog): (measure: string) => readonly string[] {
  return (measure) => {
    const metric = catalog.members.get(measure);
    return metric?.kind === 'metric' && metric.aggregation === 'non_additive' ? metric.grain : [];
  };
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

type Query = (body: unknown, scope: TenantScope) => Promise<MetricsResponse>;

/** The tenant's named entities: one dimension-only query per entity member the scope may use (errors skip it). */
export async function loadEntities(
  catalog: Catalog,
  scope: TenantScope,
  query: Query,
): Promise<{ member: string; value: string }[]> {
  const members = membersFor(catalog, scope);
  const lists = await Promise.all(
    ENTITY_MEMBERS.filter((m) => members.has(m)).map(async (member) => {
      try {
        const res = await query({ dimensions: [member], filters: [{ member, operator: 'set' }], limit: 2000 }, scope);
        return res.rows
          .map((r) => r[member])
          .filter((v): v is string => typeof v === 'string' && v.length > 0)
          .map((value) => ({ member, value }));
      } catch {
        return [];
      }
    }),
  );
  return lists.flat();
}

export async function buildParseContext(
  catalog: Catalog,
  scope: TenantScope,
  query: Query,
  now: Date,
): Promise<ParseContext> {
  return {
    today: todayIn(scope.timeZone, now),
    members: membersFor(catalog, scope),
    reach: reachFor(catalog),
    grain: grainFor(catalog),
    entities: await loadEntities(catalog, scope, query),
  };
}
