/**
 * Stage 6, shape: warehouse rows → wire rows. Measures become JSON numbers (BigInt, decimals and numeric strings
 * converted; NaN/Infinity → null), identifiers strings, dates ISO `YYYY-MM-DD`. With a comparison, each measure gets
 * `<member>.previous` and `<member>.change` from the previous-period row with the same dimension values and the same
 * time-bucket position.
 */

import type { ColumnarResult } from '../warehouse/types.js';
import type { Annotation, Cell, Freshness, Granularity, Row } from '../wire/index.js';
import type { Catalog } from './catalog/types.js';
import type { CompiledColumn } from './compile/index.js';
import { bucketOrdinal } from './query/dates.js';
import type { NormalizedPlanInput } from './query/types.js';
import type { TenantScope } from './scope.js';

export function toNumber(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : Number(String(v));
  return Number.isFinite(n) ? n : null;
}

export function toIsoDate(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' && v.length === 10 && v.charCodeAt(4) === 45 && v.charCodeAt(7) === 45) return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const s = String(v);
  return /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : s;
}

function toCell(v: unknown, type: 'string' | 'number' | 'boolean' | 'time'): Cell {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'number':
      return toNumber(v);
    case 'boolean':
      return typeof v === 'boolean' ? v : String(v).toLowerCase() === 'true';
    case 'time':
      return toIsoDate(v);
    default:
      return typeof v === 'string' ? v : String(v);
  }
}

function get(raw: Record<string, unknown>, alias: string): unknown {
  return raw[alias] ?? raw[alias.toUpperCase()];
}

type CellType = 'string' | 'number' | 'boolean' | 'time';

/** Per compiled statement (remembered with it): the output columns, their aliases and wire types. */
const shapePlans = new WeakMap<
  readonly CompiledColumn[],
  { readonly catalog: Catalog; readonly cols: readonly { key: string; alias: string; type: CellType }[] }
>();

function shapePlan(catalog: Catalog, columns: readonly CompiledColumn[]) {
  const known = shapePlans.get(columns);
  if (known !== undefined && known.catalog === catalog) return known.cols;
  const cols = columns
    .filter((c) => c.kind !== 'total')
    .map((c) => {
      const m = c.kind === 'measure' ? undefined : catalog.members.get(c.key);
      const type: CellType = c.kind === 'measure' ? 'number' : m && m.kind !== 'metric' ? m.type : 'string';
      return { key: c.key, alias: c.alias, type };
    });
  shapePlans.set(columns, { catalog, cols });
  return cols;
}

export function shapeRows(
  catalog: Catalog,
  columns: readonly CompiledColumn[],
  raw: readonly Record<string, unknown>[],
): Row[] {
  const cols = shapePlan(catalog, columns);
  const out: Row[] = new Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i] as Record<string, unknown>;
    const row: Row = {};
    for (const c of cols) row[c.key] = toCell(get(r, c.alias), c.type);
    out[i] = row;
  }
  return out;
}

/**
 * `shapeRows` + `JSON.stringify` in one pass over a columnar result: each row's JSON text is written from the column
 * values (keys serialized once per statement), with the same conversions as `toCell`. About half the CPU of building
 * the row objects twice (the driver's, then ours) and serializing them.
 */
export function shapeRowsJson(catalog: Catalog, columns: readonly CompiledColumn[], result: ColumnarResult): string {
  const cols = shapePlan(catalog, columns);
  const data = cols.map((c) => columnOf(result, c.alias));
  const keys = cols.map((c, j) => `${j === 0 ? '{' : ','}${JSON.stringify(c.key)}:`);
  const parts: string[] = new Array(result.rowCount);
  for (let i = 0; i < result.rowCount; i++) {
    let s = '';
    for (let j = 0; j < cols.length; j++) {
      const v = (data[j] as readonly unknown[] | undefined)?.[i];
      s += keys[j] + cellJson(v, (cols[j] as (typeof cols)[number]).type);
    }
    parts[i] = cols.length === 0 ? '{}' : `${s}}`;
  }
  return `[${parts.join(',')}]`;
}

function cellJson(v: unknown, type: CellType): string {
  if (v === null || v === undefined) return 'null';
  if (type === 'number' && typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  // Dates and decimals arrive as objects whose String() is their ISO date / decimal text.
  const cell = toCell(typeof v === 'object' ? String(v) : v, type);
  return JSON.stringify(cell);
}

function columnOf(result: ColumnarResult, alias: string): readonly unknown[] | undefined {
  let i = result.names.indexOf(alias);
  if (i < 0) i = result.names.indexOf(alias.toUpperCase());
  return i < 0 ? undefined : result.columns[i];
}

export function totalOfColumns(columns: readonly CompiledColumn[], result: ColumnarResult): number | null {
  const c = columns.find((x) => x.kind === 'total');
  if (!c) return null;
  return result.rowCount > 0 ? (toNumber(columnOf(result, c.alias)?.[0] ?? null) ?? 0) : 0;
}

export function totalOf(columns: readonly CompiledColumn[], raw: readonly Record<string, unknown>[]): number | null {
  const c = columns.find((x) => x.kind === 'total');
  if (!c) return null;
  const first = raw[0];
  return first ? (toNumber(get(first, c.alias)) ?? 0) : 0;
}

/** Adds `m.previous` and `m.change` to every current row. Time buckets match by position within their range. */
export function mergeComparison(
  q: NormalizedPlanInput,
  current: Row[],
  previous: readonly Row[],
  dimensionKeys: readonly string[],
): Row[] {
  const grains = new Map<string, Granularity>();
  if (q.time?.granularity) grains.set(`date.${q.time.granularity}`, q.time.granularity);
  for (const d of q.dimensions) if (d.member.kind === 'time') grains.set(d.key, d.member.granularity);
  const curStart = q.time?.range?.[0];
  const prevStart = q.compareRange?.[0];
  const keyOf = (row: Row, start: string | undefined): string =>
    JSON.stringify(
      dimensionKeys.map((k) => {
        const g = grains.get(k);
        return g && start && typeof row[k] === 'string' ? bucketOrdinal(g, start, row[k] as string) : row[k];
      }),
    );
  const prevByKey = new Map<string, Row>();
  for (const row of previous) prevByKey.set(keyOf(row, prevStart), row);
  const measureKeys = q.measures.map((m) => m.member);
  return current.map((row) => {
    const prev = prevByKey.get(keyOf(row, curStart));
    const out: Row = { ...row };
    for (const m of measureKeys) {
      const cur = typeof row[m] === 'number' ? (row[m] as number) : null;
      const p = prev && typeof prev[m] === 'number' ? (prev[m] as number) : null;
      out[`${m}.previous`] = p;
      out[`${m}.change`] = cur !== null && p !== null && p !== 0 ? (cur - p) / Math.abs(p) : null;
    }
    return out;
  });
}

export function annotate(catalog: Catalog, q: NormalizedPlanInput, scope: TenantScope): Record<string, Annotation> {
  const out: Record<string, Annotation> = {};
  if (q.time?.granularity) {
    const key = `date.${q.time.granularity}`;
    const m = catalog.members.get(key);
    out[key] = { title: m?.title ?? key, kind: 'time', type: 'time', granularity: q.time.granularity };
  }
  for (const d of q.dimensions) {
    const m = d.member;
    out[d.key] =
      m.kind === 'time'
        ? { title: m.title, kind: 'time', type: 'time', granularity: m.granularity }
        : { title: m.title, kind: 'dimension', type: m.type };
  }
  for (const m of q.measures) {
    const base: Annotation = {
      title: m.title,
      kind: 'measure',
      type: 'number',
      format: m.format,
      ...(m.currency === 'reporting' ? { currency: scope.reportingCurrency } : {}),
    };
    out[m.member] = base;
    if (q.compareRange) {
      out[`${m.member}.previous`] = { ...base, title: `${m.title} (previous)`, kind: 'previous' };
      out[`${m.member}.change`] = { title: `${m.title} (change)`, kind: 'change', type: 'number', format: 'percent' };
    }
  }
  return out;
}

export function shapeFreshness(
  catalog: Catalog,
  q: NormalizedPlanInput,
  raw: readonly Record<string, unknown>[] | null,
): Freshness {
  const wanted = new Set(q.facts.flatMap((f) => catalog.facts.get(f)?.sources ?? []));
  const sources: Record<string, string | null> = {};
  for (const s of wanted) sources[s] = null;
  for (const r of raw ?? []) {
    const source = String(get(r, 'source') ?? '');
    if (!wanted.has(source)) continue;
    const v = get(r, 'last_synced_at');
    sources[source] = v === null || v === undefined ? null : toIsoTimestamp(v);
  }
  const values = Object.values(sources);
  const lastSyncedAt =
    values.length > 0 && values.every((v) => v !== null) ? ([...(values as string[])].sort()[0] ?? null) : null;
  return { lastSyncedAt, sources };
}

function toIsoTimestamp(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  const s = String(v).replace(' ', 'T');
  return /Z|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`;
}
