/**
 * The expected rows of a metrics query, computed over the reference tables (`FACTS`, built from the raw Fivetran
 * tables) with the meanings of `MEASURES`: each fact grouped alone by the query's dimensions and time bucket, then
 * merged on the dimension values (a fact without the row gives null). Supports what the dashboard documents use:
 * dimension filters (equals, notEquals, in, notIn, gt, gte, lt, lte), measure filters, time granularity day..year.
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
  for (const [fact, measures] of byFact) {
    const select = [
      ...dims.map((d) => q(d)),
      ...(grain ? [`strftime(date_trunc('${grain}', d), '%Y-%m-%d') as "date.day"`] : []),
      ...measures.map((m) => `${aggregate(MEASURES[m]!)} as ${q(m)}`),
    ];
    const where = [`d between date '${from}' and date '${to}'`, ...dimFilters.map(condition)];
    const bucket = grain ? `date_trunc('${grain}', d)` : '1';
    const last = measures.map((m) => MEASURES[m]!).find((m) => m.kind === 'last');
    const source = last
      ? `(select *, max(d) over (partition by ${[q(last.entity), ...dims.map(q), bucket].join(', ')}) as d_last
          from ref_${fact} where ${where.join(' and ')})`
      : `(select * from ref_${fact} where ${where.join(' and ')})`;
    const sqlText = `select ${select.join(', ')} from ${source}${keys.length > 0 ? ' group by all' : ''}`;
    const rows = (await conn.runAndReadAll(sqlText)).getRowObjectsJS() as Record<string, unknown>[];
    for (const r of rows) {
      const row: RefRow = {};
      for (const k of keys) row[k] = r[k] === null || r[k] === undefined ? null : String(r[k]);
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
  return all.filter((r) => measureFilters.every((f) => compareValue(r[f.member] ?? null, f.operator, f.values?.[0])));
}

/** Builds the reference tables once on a connection that has the tenant's `raw.duckdb` attached as `raw`. */
export async function createReferenceTables(conn: DuckDBConnection, lookups: string): Promise<void> {
  await conn.run(lookups);
  for (const [name, fact] of Object.entries(FACTS)) {
    await conn.run(`create or replace temp table ref_${name} as ${fact.sql}`);
  }
}

export { keyOf };
