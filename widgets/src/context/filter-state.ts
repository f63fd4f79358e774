/**
 * A dashboard's filter state (date range, comparison, filter selections, cross-filter) and how it turns a panel's
 * query into the query that runs. Immutable: every change makes a new object, which is what the context hands out.
 */
import type { MetricsQuery, QueryFilter } from '../internal/wire.js';

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

/** Today's calendar date in `timeZone` as `YYYY-MM-DD`. */
export function todayIn(timeZone: string | undefined, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timeZone ?? 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(now)
    .slice(0, 10);
}

function shift(isoDay: string, days: number): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The inclusive `[start, end]` of a preset, in the tenant's time zone. Last-N-days presets end yesterday. */
export function resolvePreset(preset: DatePreset, timeZone: string | undefined, now: Date): readonly [string, string] {
  const today = todayIn(timeZone, now);
  const yesterday = shift(today, -1);
  const monthStart = `${today.slice(0, 8)}01`;
  switch (preset) {
    case 'last_7_days':
      return [shift(today, -7), yesterday];
    case 'last_30_days':
      return [shift(today, -30), yesterday];
    case 'last_90_days':
      return [shift(today, -90), yesterday];
    case 'month_to_date':
      return [monthStart, today];
    case 'last_month':
      return [`${shift(monthStart, -1).slice(0, 8)}01`, shift(monthStart, -1)];
    case 'year_to_date':
      return [`${today.slice(0, 4)}-01-01`, today];
  }
}

export interface ApplyOptions {
  readonly panelId?: string;
  readonly timeZone?: string;
  readonly now?: Date;
  /** Comparison applies to KPI tiles only. */
  readonly wantsCompare?: boolean;
}

/** The query a panel runs: its own query plus the date range, selections and cross-filter of the dashboard. */
export function applyFilterState(query: MetricsQuery, state: FilterState, options: ApplyOptions = {}): MetricsQuery {
  const dateRange = resolvePreset(state.preset, options.timeZone, options.now ?? new Date());
  const filters: QueryFilter[] = [...(query.filters ?? [])];
  for (const [member, values] of Object.entries(state.selections)) {
    if (values.length > 0) filters.push({ member, operator: 'in', values: [...values] });
  }
  const cf = state.crossFilter;
  if (cf && cf.sourcePanelId !== options.panelId && cf.values.length > 0) {
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
