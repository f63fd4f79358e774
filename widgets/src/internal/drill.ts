/**
 * Drill-down along the catalog's hierarchy: platform → campaign → ad group / ad set → ad.
 * A drill path is the list of values chosen so far; the panel's hierarchy dimension moves one level down per step and
 * each step becomes an equality filter.
 */
import type { Filter, MetricsQuery, QueryFilter } from './wire.js';

export const DRILL_HIERARCHY = ['platform.code', 'campaign.name', 'ad_group.name', 'ad.name'] as const;

export interface DrillStep {
  readonly member: string;
  readonly value: string;
}

function hierarchyIndex(query: MetricsQuery): { dimension: string; index: number } | null {
  for (const dimension of query.dimensions ?? []) {
    const index = (DRILL_HIERARCHY as readonly string[]).indexOf(dimension);
    if (index >= 0) return { dimension, index };
  }
  return null;
}

/** The member the panel currently shows on its hierarchy axis, or null when it has none. */
export function currentDrillMember(query: MetricsQuery, path: readonly DrillStep[]): string | null {
  const at = hierarchyIndex(query);
  if (!at) return null;
  return DRILL_HIERARCHY[at.index + path.length] ?? null;
}

/** The member one level below the current one, or null at the bottom (or without a hierarchy dimension). */
export function nextDrillMember(query: MetricsQuery, path: readonly DrillStep[]): string | null {
  const at = hierarchyIndex(query);
  if (!at) return null;
  return DRILL_HIERARCHY[at.index + path.length + 1] ?? null;
}

/** The panel query after drilling down `path`. */
export function drillQuery(query: MetricsQuery, path: readonly DrillStep[]): MetricsQuery {
  const at = hierarchyIndex(query);
  if (!at || path.length === 0) return query;
  const to = DRILL_HIERARCHY[at.index + path.length];
  if (!to) return query;
  const filters: (QueryFilter | Filter)[] = [
    ...(query.filters ?? []),
    ...path.map((step): QueryFilter => ({ member: step.member, operator: 'equals', values: [step.value] })),
  ];
  return {
    ...query,
    dimensions: (query.dimensions ?? []).map((d) => (d === at.dimension ? to : d)),
    filters,
    order: query.order?.map(([m, dir]) => [m === at.dimension ? to : m, dir] as const),
  };
}

/** Replaces field references to `from` with `to` throughout a Vega-Lite spec (encodings, sorts, tooltips). */
export function renameField<T>(spec: T, from: string, to: string): T {
  if (from === to) return spec;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) out[k] = k === 'field' && v === from ? to : walk(v);
      return out;
    }
    return node;
  };
  return walk(spec) as T;
}
