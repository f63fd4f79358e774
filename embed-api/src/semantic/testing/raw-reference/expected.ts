/**
 * The expected rows of a metrics query, computed over the reference tables (`FACTS`, built from the raw Fivetran
 * tables) with the meanings of `MEASURES`: each fact grouped alone by the query's dimensions and time bucket, then
 * merged on the dimension values (a fact without the row gives null). Supports what the dashboard documents use:
 * dimension filters (equals, notEquals, in, notIn, gt, gte, lt, lte), measure filters, time granularity day..year,
 * running totals (`cumulative`, with `reset`), top N per group (`top`) and values in effect (`budget_in_effect`).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { FACTS, MEASURES, type RefMeasure } from './members.js';

export interface RefFilter {
  readonly member: string;
  readonly operator: string;
  readonly values?: readonly (string | number | boolean)[];
}
export interface RefQuery {
  readonly measures?: readonly string[];
  readonly dimensions?: readonly string[];
  readonly timeDimension?: { readonly dimension: string; readonly granularity?: string };
  /** member filters; and/or groups are not supported (the documents use none) */
  readonly filters?: readonly (RefFilter | { readonly and: unknown } | { readonly or: unknown })[];
  /** running totals of these measures over the time buckets, since the first day (or each `reset` period) */
  readonly cumulative?: { readonly measures: readonly string[]; readonly reset?: string };
  /** per combination of `per`, the `n` combinations of the other dimensions with the largest (`asc`: smallest) `by` */
  readonly top?: {
    readonly n: number;
    readonly by: string;
    readonly per?: readonly string[];
    readonly direction?: 'asc' | 'desc';
  };
}
export type RefRow = Record<string, string | number | null>;

const q = (member: string) => `"${member}"`;
const lit = (v: string | number | boolean) =>
  typeof v === 'number' || typeof v === 'boolean' ? String(v) : `'${String(v).replaceAll("'", "''")}'`;

/** Members of a query the reference cannot compute (the panel-coverage walker lists them). */
export function unsupportedMembers(query: RefQuery): string[] {
  const missing: string[] = [];
  const measures = query.measures ?? [];
  const facts = new Set<string>();
  for (const m of measures) {
    const def = MEASURES[m];
    if (def) facts.add(def.fact);
    else missing.push(m);
  }
  const filters = query.filters ?? [];
  if (filters.some((f) => !('member' in f))) missing.push('(and/or filter)');
  const dims = [
    ...(query.dimensions ?? []),
    ...memberFilters(query)
      .map((f) => f.member)
      .filter((m) => !(m in MEASURES)),
  ];
  for (const d of dims) for (const f of facts) if (!FACTS[f]?.dims.includes(d)) missing.push(`${d} (on ${f})`);
  if (query.timeDimension && query.timeDimension.dimension !== 'date.day') missing.push(query.timeDimension.dimension);
  if (measures.length === 0) missing.push('(no measure)');
  return [...new Set(missing)];
}

const memberFilters = (query: RefQuery): RefFilter[] =>
  (query.filters ?? []).filter((f): f is RefFilter => 'member' in f);

function condition(f: RefFilter): string {
  const col = q(f.member);
  const vals = (f.values ?? []).map(lit);
  switch (f.operator) {
    case 'equals':
    case 'in':
      return `${col} in (${vals.join(', ')})`;
    case 'notEquals':
    case 'notIn':
      return `(${col} is null or ${col} not in (${vals.join(', ')}))`;
    case 'gt':
      return `${col} > ${vals[0]}`;
    case 'gte':
      return `${col} >= ${vals[0]}`;
    case 'lt':
      return `${col} < ${vals[0]}`;
    case 'lte':
      return `${col} <= ${vals[0]}`;
    case 'set':
      return `${col} is not null`;
    case 'notSet':
      return `${col} is null`;
    default:
      throw new Error(`reference: operator ${f.operator} not supported`);
  }
}

const aggregate = (m: RefMeasure): string => {
  if (m.kind === 'sum') return `sum(${q(m.column)})`;
  if (m.kind === 'max') return `max(${q(m.column)})`;
  if (m.kind === 'last') return `sum(case when d = d_last then ${q(m.column)} end)`;
  if (m.kind === 'in_effect') throw new Error('reference: values in effect are computed by inEffectSql');
  const num = `sum(${q(m.num)})${m.scale ? ` * ${m.scale}` : ''}`;
  return `${num} / nullif(sum(${q(m.den)}), 0)`;
};

const keyOf = (row: RefRow, keys: readonly string[]) => JSON.stringify(keys.map((k) => row[k] ?? null));

function compareValue(a: number | string | null, op: string, v: unknown): boolean {
  if (a === null) return op === 'notEquals' || op === 'notIn' || op === 'notSet';
  const x = Number(v);
  switch (op) {
    case 'gt':
      return Number(a) > x;
    case 'gte':
      return Number(a) >= x;
    case 'lt':
      return Number(a) < x;
    case 'lte':
      return Number(a) <= x;
    case 'equals':
      return Number(a) === x;
    case 'notEquals':
      return Number(a) !== x;
    case 'set':
      return true;
    default:
      throw new Error(`reference: measure operator ${op} not supported`);
  }
}

/** Expected rows of `query` over days `[from, to]` (ISO dates); time bucket keyed `date.day` as an ISO date. */
export async function expectedRows(
  conn: DuckDBConnection,
  query: RefQuery,
  from: string,
  to: string,
): Promise<RefRow[]> {
  const problems = unsupportedMembers(query);
  if (problems.length > 0) throw new Error(`reference cannot compute: ${problems.join(', ')}`);
  const dims = query.dimensions ?? [];
  const grain = query.timeDimension?.granularity;
  const keys = [...dims, ...(grain ? ['date.day'] : [])];
  const filters = memberFilters(query);
  const dimFilters = filters.filter((f) => !(f.member in MEASURES));
  const measureFilters = filters.filter((f) => f.member in MEASURES);
  const byFact = new Map<string, string[]>();
  for (const m of query.measures ?? []) {
    const fact = MEASURES[m]!.fact;
    byFact.set(fact, [...(byFact.get(fact) ?? []), m]);
  }
  const merged = new Map<string, RefRow>();
  const cumulative = new Set(query.cumulative?.measures ?? []);
  for (const [fact, measures] of byFact) {
    const where = [`d between date '${from}' and date '${to}'`, ...dimFilters.map(condition)];
    const sqlText = measures.some((m) => cumulative.has(m))
      ? cumulativeSql(fact, measures, cumulative, dims, grain, query.cumulative?.reset, from, to, dimFilters)
      : measures.some((m) => MEASURES[m]!.kind === 'in_effect')
        ? inEffectSql(fact, measures, dims, grain, from, to, dimFilters)
        : plainSql(fact, measures, dims, grain, where);
    const rows = (await conn.runAndReadAll(sqlText)).getRowObjectsJS() as Record<string, unknown>[];
    for (const r of rows) {
      const row: RefRow = {};
      // a numeric dimension (an integer column: send hour, weekday) stays a number, so ordering by it is numeric
      for (const k of keys) {
        row[k] = r[k] === null || r[k] === undefined ? null : typeof r[k] === 'number' ? r[k] : String(r[k]);
      }
      for (const m of measures) row[m] = r[m] === null || r[m] === undefined ? null : Number(r[m]);
      const key = keyOf(row, keys);
      merged.set(key, { ...(merged.get(key) ?? {}), ...row });
    }
  }
  const all = [...merged.values()].map((r) => {
    const full: RefRow = { ...r };
    for (const m of query.measures ?? []) if (!(m in full)) full[m] = null;
    return full;
  });
  // a query without dimensions or time has exactly one row, even over no data
  if (keys.length === 0 && all.length === 0) {
    all.push(Object.fromEntries((query.measures ?? []).map((m) => [m, null])));
  }
  const kept = all.filter((r) =>
    measureFilters.every((f) => compareValue(r[f.member] ?? null, f.operator, f.values?.[0])),
  );
  return query.top ? applyTop(conn, query, kept, from, to) : kept;
}

/** The plain aggregate of one fact's measures over `[from, to]`, grouped by the dimensions and time bucket. */
function plainSql(
  fact: string,
  measures: readonly string[],
  dims: readonly string[],
  grain: string | undefined,
  where: readonly string[],
): string {
  const keys = [...dims, ...(grain ? ['date.day'] : [])];
  const select = [
    ...dims.map((d) => q(d)),
    ...(grain ? [`strftime(date_trunc('${grain}', d), '%Y-%m-%d') as "date.day"`] : []),
    ...measures.map((m) => `${aggregate(MEASURES[m]!)} as ${q(m)}`),
  ];
  const bucket = grain ? `date_trunc('${grain}', d)` : '1';
  const last = measures.map((m) => MEASURES[m]!).find((m) => m.kind === 'last');
  const source = last
    ? `(select *, max(d) over (partition by ${[q(last.entity), ...dims.map(q), bucket].join(', ')}) as d_last
        from ref_${fact} where ${where.join(' and ')})`
    : `(select * from ref_${fact} where ${where.join(' and ')})`;
  return `select ${select.join(', ')} from ${source}${keys.length > 0 ? ' group by all' : ''}`;
}

/**
 * Running totals: every bucket up to `to` (with no lower bound: everything before the range counts), summed per
 * dimension combination (and `reset` period) in bucket order; a ratio is the running sum of its numerator over the
 * running sum of its denominator. A row exists for the buckets with data inside the range; measures not listed in
 * `cumulative` are the bucket's own (inside the range).
 */
function cumulativeSql(
  fact: string,
  measures: readonly string[],
  cumulative: ReadonlySet<string>,
  dims: readonly string[],
  grain: string | undefined,
  reset: string | undefined,
  from: string,
  to: string,
  dimFilters: readonly RefFilter[],
): string {
  if (!grain) throw new Error('reference: cumulative needs a granularity');
  const inRange = `d >= date '${from}'`;
  const parts: string[] = [];
  const outer: string[] = [];
  const partition = [...dims.map(q), ...(reset ? [`date_trunc('${reset}', b)`] : [])];
  const w = `over (${partition.length > 0 ? `partition by ${partition.join(', ')} ` : ''}order by b rows between unbounded preceding and current row)`;
  measures.forEach((m, i) => {
    const def = MEASURES[m]!;
    const run = cumulative.has(m);
    const sumOf = (col: string) => (run ? `sum(${q(col)})` : `sum(${q(col)}) filter (where ${inRange})`);
    const over = (col: string) => (run ? `sum(${col}) ${w}` : col);
    if (def.kind === 'sum') {
      parts.push(`${sumOf(def.column)} as c${i}`);
      outer.push(`${over(`c${i}`)} as ${q(m)}`);
    } else if (def.kind === 'ratio') {
      parts.push(`${sumOf(def.num)} as n${i}`, `${sumOf(def.den)} as d${i}`);
      outer.push(`${over(`n${i}`)}${def.scale ? ` * ${def.scale}` : ''} / nullif(${over(`d${i}`)}, 0) as ${q(m)}`);
    } else throw new Error(`reference: ${m} (${def.kind}) with cumulative is not supported`);
  });
  const where = [`d <= date '${to}'`, ...dimFilters.map(condition)];
  const inner = `select ${[...dims.map(q), `date_trunc('${grain}', d) as b`, ...parts, `count(*) filter (where ${inRange}) as n_in`].join(', ')}
    from ref_${fact} where ${where.join(' and ')} group by all`;
  const windowed = `select ${[...dims.map(q), `strftime(b, '%Y-%m-%d') as "date.day"`, ...outer, 'n_in'].join(', ')}
    from (${inner})`;
  return `select * exclude (n_in) from (${windowed}) where n_in > 0`;
}

/**
 * Values in effect: for each day of the range, each entity's latest change on or before it; per bucket the bucket's
 * last day inside the range (without a bucket: the range's last day); summed over the entities of a row.
 */
function inEffectSql(
  fact: string,
  measures: readonly string[],
  dims: readonly string[],
  grain: string | undefined,
  from: string,
  to: string,
  dimFilters: readonly RefFilter[],
): string {
  const defs = measures.map((m) => MEASURES[m]!);
  const entity = defs[0]?.kind === 'in_effect' ? defs[0].entity : '';
  if (defs.some((m) => m.kind !== 'in_effect' || m.entity !== entity))
    throw new Error(`reference: ${measures.join(', ')}: values in effect mixed with other measures of ${fact}`);
  const lastDay = grain
    ? `least(cast(date_trunc('${grain}', d) + interval 1 ${grain} - interval 1 day as date), date '${to}')`
    : `date '${to}'`;
  const source = `(select v.* exclude (d), days.day as d
      from (select cast(unnest(generate_series(date '${from}', date '${to}', interval 1 day)) as date) as day) days
      join ref_${fact} v on v.d <= days.day
      qualify row_number() over (partition by days.day, v.${q(entity)} order by v.d desc) = 1)`;
  const where = [`d = ${lastDay}`, ...dimFilters.map(condition)];
  const select = [
    ...dims.map((d) => q(d)),
    ...(grain ? [`strftime(date_trunc('${grain}', d), '%Y-%m-%d') as "date.day"`] : []),
    ...measures.map((m) => `sum(${q((MEASURES[m] as { column: string }).column)}) as ${q(m)}`),
  ];
  const keys = [...dims, ...(grain ? ['date.day'] : [])];
  return `select ${select.join(', ')} from ${source} where ${where.join(' and ')}${keys.length > 0 ? ' group by all' : ''}`;
}

/**
 * Top N: ranks the combinations of the dimensions outside `per` by `by` (over a time series: on the whole range,
 * the same query without its time bucket), nulls last, ties to the ascending dimension values; keeps the rows of the
 * first `n` per `per` group.
 */
async function applyTop(
  conn: DuckDBConnection,
  query: RefQuery,
  rows: RefRow[],
  from: string,
  to: string,
): Promise<RefRow[]> {
  const top = query.top!;
  const grain = query.timeDimension?.granularity;
  const timeKey = grain ? `date.${grain}` : undefined;
  const per = (top.per ?? []).map((k) => (k === timeKey ? 'date.day' : k));
  const ranked = (query.dimensions ?? []).filter((d) => !per.includes(d));
  const overRange = timeKey !== undefined && !per.includes('date.day');
  const ranking = overRange
    ? await expectedRows(
        conn,
        { measures: query.measures ?? [], dimensions: query.dimensions ?? [], filters: query.filters ?? [] },
        from,
        to,
      )
    : rows;
  const groups = new Map<string, RefRow[]>();
  for (const r of ranking) groups.set(keyOf(r, per), [...(groups.get(keyOf(r, per)) ?? []), r]);
  const sign = top.direction === 'asc' ? 1 : -1;
  const keep = new Set<string>();
  for (const group of groups.values()) {
    group.sort((a, b) => {
      const x = a[top.by] ?? null;
      const y = b[top.by] ?? null;
      if (x === null || y === null) {
        if (x !== y) return x === null ? 1 : -1;
      } else if (x !== y) return sign * (Number(x) - Number(y));
      for (const d of ranked) {
        const u = String(a[d] ?? '');
        const v = String(b[d] ?? '');
        if (u !== v) return u < v ? -1 : 1;
      }
      return 0;
    });
    for (const r of group.slice(0, top.n)) keep.add(keyOf(r, [...per, ...ranked]));
  }
  return rows.filter((r) => keep.has(keyOf(r, [...per, ...ranked])));
}

/** Builds the reference tables once on a connection that has the tenant's `raw.duckdb` attached as `raw`. */
export async function createReferenceTables(conn: DuckDBConnection, lookups: string): Promise<void> {
  await conn.run(lookups);
  for (const [name, fact] of Object.entries(FACTS)) {
    await conn.run(`create or replace temp table ref_${name} as ${fact.sql}`);
  }
}

export { keyOf };
