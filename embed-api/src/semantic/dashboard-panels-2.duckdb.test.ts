/**
 * Every panel query of every dashboard document (`src/dashboards/documents/`) as the dashboard runs it — the panel's
 * own query plus a fixed date range — through the semantic layer on the test warehouse (`MIQ_WAREHOUSE_DIR`),
 * compared row by row with the independent reference (`testing/raw-reference/`: plain SQL over the tenant's raw
 * Fivetran tables). Comparisons (`compare: previous_period`) are checked too, as are order and limit (top N: the
 * returned rows are the first N of the reference ordered the same way).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTS } from '../dashboards/documents/index.js';
import type { PanelQuery } from '../dashboards/schema.js';
import { addDays } from './query/dates.js';
import { CHECKED_ELSEWHERE } from './testing/dashboards-md-panels.js';
import { expectClose } from './testing/expect-close.js';
import { createReferenceTables, expectedRows, LOOKUPS, type RefRow } from './testing/raw-reference/index.js';
import { openRawWorld, RAW_SCOPE, type RawWorld } from './testing/raw-world.js';

const scope = RAW_SCOPE;

/** Every document panel that has a query, as `dashboard/panel` (except the non-additive ones checked elsewhere). */
const DOCUMENT_PANELS = DOCUMENTS.flatMap((d) =>
  d.panels.flatMap((p) => ('query' in p && p.query ? [{ id: `${d.id}/${p.id}`, query: p.query }] : [])),
).filter((p) => CHECKED_ELSEWHERE[p.id] === undefined);

let world: RawWorld;
/** 33 days ending on the last day with data (never a whole month: the previous period is the 33 days before). */
let range: [string, string];
/** for panels of rare events (settings changes) with no row in `range`: the last 200 days */
let wide: [string, string];

beforeAll(async () => {
  world = await openRawWorld({ rawMemoryLimit: '1GB' });
  await createReferenceTables(world.conn, LOOKUPS);
  range = [addDays(world.lastDay, -32), world.lastDay];
  wide = [addDays(world.lastDay, -199), world.lastDay];
});

afterAll(async () => {
  await world?.close();
});

const close = expectClose;

/** null last, then descending or ascending */
const compareBy = (member: string, dir: 'asc' | 'desc') => (a: RefRow, b: RefRow) => {
  const x = a[member] ?? null;
  const y = b[member] ?? null;
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
  return dir === 'asc' ? c : -c;
};

describe('every dashboard panel against the raw tables', () => {
  it('the reference is in USD: every rare-seeds source reports in USD', async () => {
    const rows = (
      await world.conn.runAndReadAll(`select distinct currency_code as c from raw.google_ads.account_history
        union select distinct currency from raw.facebook_ads.account_history`)
    ).getRowObjectsJS();
    expect(rows.map((r) => r.c)).toEqual(['USD']);
  });

  it.each(DOCUMENT_PANELS)('$id', async ({ query }) => {
    const grain = query.timeDimension?.granularity;
    const timeKey = grain ? `date.${grain}` : undefined;
    const keys = [...(query.dimensions ?? []), ...(timeKey ? [timeKey] : [])];
    const measures = query.measures ?? [];
    const rename = (rows: RefRow[]) =>
      rows.map((r) => (timeKey ? { ...r, [timeKey]: r['date.day'] ?? null } : r)) as RefRow[];
    let dates = range;
    let want = rename(await expectedRows(world.conn, query, dates[0], dates[1]));
    if (want.length === 0 || (keys.length === 0 && want.every((r) => measures.every((m) => r[m] === null)))) {
      dates = wide;
      want = rename(await expectedRows(world.conn, query, dates[0], dates[1]));
    }
    // previous_period: the same number of days immediately before (the ranges here are never whole months)
    const days = Math.round((Date.parse(dates[1]) - Date.parse(dates[0])) / 86_400_000) + 1;
    const previous = [addDays(dates[0], -days), addDays(dates[0], -1)] as const;
    const wantPrevious = query.compare ? rename(await expectedRows(world.conn, query, previous[0], previous[1])) : [];
    const body: PanelQuery & { timeDimension: { dimension: string; dateRange: [string, string] } } = {
      ...query,
      timeDimension: { ...(query.timeDimension ?? { dimension: 'date.day' }), dateRange: dates },
    };
    // The text the metrics route sends (`queryText`: rows written from DuckDB's columns when there is no comparison) is
    // what is checked; `query` (row objects) must be the same answer.
    const res = JSON.parse(await world.layer.queryText('metrics', body, scope)) as Awaited<
      ReturnType<typeof world.layer.query>
    >;
    const untimed = (r: object) => JSON.parse(JSON.stringify(r), (k, v) => (k === 'timing' ? null : v));
    expect(untimed(await world.layer.query(body, scope))).toEqual(untimed(res));
    const keyOf = (r: Record<string, unknown>) => JSON.stringify(keys.map((k) => (r[k] == null ? null : String(r[k]))));
    const wanted = new Map(want.map((r) => [keyOf(r), r]));
    const previousByKey = new Map(wantPrevious.map((r) => [keyOf(r), r]));
    const limit = query.limit ?? 1000;

    expect(want.length, 'the reference has rows for this panel').toBeGreaterThan(0);
    expect(res.rows.length).toBe(Math.min(limit, want.length));
    for (const row of res.rows) {
      const k = keyOf(row);
      const w = wanted.get(k);
      expect(w, `row ${k} is in the reference`).toBeDefined();
      for (const m of measures) close(row[m], (w?.[m] as number | null) ?? null, `${k} ${m}`);
      if (query.compare) {
        const p = previousByKey.get(k);
        for (const m of measures) close(row[`${m}.previous`], (p?.[m] as number | null) ?? null, `${k} ${m}.previous`);
      }
    }
    // order: the first order term's values in the layer's order are the reference's sorted the same way (top N)
    const [first] = query.order ?? [];
    if (first) {
      const [member, direction] = first;
      const sorted = [...want].sort(compareBy(member, direction)).slice(0, limit);
      const values = (rows: Record<string, unknown>[]) =>
        rows.map((r) =>
          r[member] == null
            ? null
            : typeof r[member] === 'number'
              ? Number((r[member] as number).toPrecision(9))
              : r[member],
        );
      expect(values(res.rows), `ordered by ${member} ${direction}`).toEqual(values(sorted));
    }
  });
});
