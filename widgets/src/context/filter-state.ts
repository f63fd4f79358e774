/**
 * A dashboard's filter state (date range, comparison, filter selections, cross-filter) and how it turns a panel's
 * query into the query that runs. Immutable: every change makes a new object, which is what the context hands out.
 */
import type { Filter, MetricsQuery, QueryFilter } from '../internal/wire.js';

export const DATE_PRESETS = [
  'last_7_days',
  'last_30_days',
  'last_90_days',
  'month_to_date',
  'last_month',
  'year_to_date',
] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

export interface CrossFilter {
  /** The panel the selection was made in; it keeps showing everything. */
  readonly sourcePanelId: string;
  readonly member: string;
  readonly values: readonly string[];
}

export interface FilterState {
  readonly preset: DatePreset;
  /** Show comparison values (previous period) on KPI tiles. */
  readonly compare: boolean;
  /** Filter-bar selections keyed by member (`platform.code` → `['meta']`). */
  readonly selections: Readonly<Record<string, readonly string[]>>;
  readonly crossFilter: CrossFilter | null;
}

export const INITIAL_FILTER_STATE: FilterState = Object.freeze({
  preset: 'last_30_days',
  compare: true,
  selections: Object.freeze({}),
  crossFilter: null,
});

/** The relative range the API resolves in the tenant's time zone (last-N-days ranges end yesterday). */
export const PRESET_RANGES: Readonly<Record<DatePreset, string>> = {
  last_7_days: 'last 7 days',
  last_30_days: 'last 30 days',
  last_90_days: 'last 90 days',
  month_to_date: 'this month',
  last_month: 'last month',
  year_to_date: 'this year',
};

export interface ApplyOptions {
  readonly panelId?: string;
  /** Comparison applies to KPI tiles only. */
  readonly wantsCompare?: boolean;
  /** Whether a dashboard filter on `member` applies to this query (see `canFilter` in catalog.ts). */
  readonly applies?: (member: string) => boolean;
}

/** The dashboard filters (selections and cross-filter) that do not apply to a query. */
export function skippedFilters(state: FilterState, options: ApplyOptions): string[] {
  const applies = options.applies ?? (() => true);
  const members = Object.entries(state.selections)
    .filter(([, v]) => v.length > 0)
    .map(([m]) => m);
  const cf = state.crossFilter;
  if (cf && cf.sourcePanelId !== options.panelId && cf.values.length > 0) members.push(cf.member);
  return [...new Set(members.filter((m) => !applies(m)))];
}

/** The query a panel runs: its own query plus the date range, selections and cross-filter of the dashboard. */
export function applyFilterState(query: MetricsQuery, state: FilterState, options: ApplyOptions = {}): MetricsQuery {
  const dateRange = PRESET_RANGES[state.preset];
  const filters: (QueryFilter | Filter)[] = [...(query.filters ?? [])];
  const applies = options.applies ?? (() => true);
  for (const [member, values] of Object.entries(state.selections)) {
    if (values.length > 0 && applies(member)) filters.push({ member, operator: 'in', values: [...values] });
  }
  const cf = state.crossFilter;
  if (cf && cf.sourcePanelId !== options.panelId && cf.values.length > 0 && applies(cf.member)) {
    filters.push({ member: cf.member, operator: 'in', values: [...cf.values] });
  }
  const { compare, ...rest } = query;
  const out: MetricsQuery = {
    ...rest,
    timeDimension: { ...(query.timeDimension ?? { dimension: 'date.day' }), dateRange },
    ...(filters.length > 0 ? { filters } : {}),
  };
  if (state.compare && (options.wantsCompare || compare)) return { ...out, compare: compare ?? 'previous_period' };
  return out;
}
