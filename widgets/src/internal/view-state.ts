/**
 * The dashboard's filter state as the API stores it: a tenant's default filters (`defaultFilters` of the resolved
 * document) and an end user's saved views (`state` of `GET|POST /dashboards/{id}/views`), and the token's locked
 * filters (`lockedFilters`), which always win.
 */
import { DATE_PRESETS, type DatePreset, type FilterState, PRESET_RANGES } from '../context/filter-state.js';
import { FILTERS } from './filter-names.js';

/** What a saved view stores, and what default filters may hold (`dateRange` is a preset or its relative range). */
export interface StoredFilters {
  readonly dateRange?: string;
  readonly compare?: boolean;
  /** Keyed by member (`platform.code`) or by a dashboard filter name (`platform`). */
  readonly selections?: Readonly<Record<string, readonly (string | number)[]>>;
  readonly crossFilter?: FilterState['crossFilter'];
}

export type LockedFilters = Readonly<Record<string, readonly (string | number)[]>>;

/** `last_7_days` or `last 7 days` → the preset; anything else → undefined (the date range is left as it is). */
export function presetOf(range: unknown): DatePreset | undefined {
  if (typeof range !== 'string') return undefined;
  const r = range.trim().toLowerCase();
  if ((DATE_PRESETS as readonly string[]).includes(r)) return r as DatePreset;
  return DATE_PRESETS.find((p) => PRESET_RANGES[p] === r);
}

/** A filter name of a dashboard document (`platform`) → its member; a member (`platform.code`) as it is. */
export function memberOf(key: string): string {
  return FILTERS[key]?.member ?? key;
}

/** The state with the token's locked filters winning: a selection on a locked member keeps only locked values. */
export function applyLocks(state: FilterState, locked: LockedFilters | undefined): FilterState {
  if (!locked || Object.keys(locked).length === 0) return state;
  let changed = false;
  const selections: Record<string, readonly string[]> = {};
  for (const [member, values] of Object.entries(state.selections)) {
    const lock = locked[member];
    const kept = lock ? values.filter((v) => lock.map(String).includes(v)) : values;
    if (kept.length !== values.length) changed = true;
    if (kept.length > 0) selections[member] = kept;
  }
  const cf = state.crossFilter;
  const cfLock = cf ? locked[cf.member] : undefined;
  const cfValues = cf && cfLock ? cf.values.filter((v) => cfLock.map(String).includes(v)) : cf?.values;
  const crossFilter = cf && cfValues && cfValues.length > 0 ? { ...cf, values: cfValues } : null;
  if (cf && crossFilter?.values.length !== cf.values.length) changed = true;
  return changed ? { ...state, selections, crossFilter } : state;
}

/** `base` with stored filters laid over it (unknown or malformed parts are ignored), then the locks applied. */
export function withStored(base: FilterState, stored: unknown, locked?: LockedFilters): FilterState {
  if (!stored || typeof stored !== 'object') return applyLocks(base, locked);
  const s = stored as Record<string, unknown>;
  const preset = presetOf(s.dateRange ?? s.preset) ?? base.preset;
  const compare = typeof s.compare === 'boolean' ? s.compare : base.compare;
  let selections = base.selections;
  if (s.selections && typeof s.selections === 'object') {
    const next: Record<string, readonly string[]> = {};
    for (const [key, values] of Object.entries(s.selections as Record<string, unknown>)) {
      if (!Array.isArray(values)) continue;
      const list = values.filter((v) => typeof v === 'string' || typeof v === 'number').map(String);
      if (list.length > 0) next[memberOf(key)] = [...new Set(list)];
    }
    selections = next;
  }
  const cf = s.crossFilter as Record<string, unknown> | null | undefined;
  const crossFilter =
    cf && typeof cf.member === 'string' && typeof cf.sourcePanelId === 'string' && Array.isArray(cf.values)
      ? { sourcePanelId: cf.sourcePanelId, member: cf.member, values: cf.values.map(String) }
      : 'crossFilter' in s
        ? null
        : base.crossFilter;
  return applyLocks({ preset, compare, selections, crossFilter }, locked);
}

/** What a saved view stores of a state. */
export function storedOf(state: FilterState): StoredFilters {
  return {
    dateRange: state.preset,
    compare: state.compare,
    selections: state.selections,
    crossFilter: state.crossFilter,
  };
}

/** Whether two states select the same data (order of selected values ignored). */
export function sameState(a: FilterState, b: FilterState): boolean {
  const norm = (s: FilterState) =>
    JSON.stringify([
      s.preset,
      s.compare,
      Object.entries(s.selections)
        .filter(([, v]) => v.length > 0)
        .map(([m, v]) => [m, [...v].sort()])
        .sort(([x], [y]) => String(x).localeCompare(String(y))),
      s.crossFilter ? [s.crossFilter.member, [...s.crossFilter.values].sort()] : null,
    ]);
  return norm(a) === norm(b);
}
