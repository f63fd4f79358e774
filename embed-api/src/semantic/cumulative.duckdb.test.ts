/**
 * Running totals (`cumulative`) on the test warehouse (`MIQ_WAREHOUSE_DIR`) against plain SQL over the tenant's raw
 * Fivetran tables: list size over time (DASHBOARDS.md list-growth "list size over time") and month-to-date spend and
 * CPC per platform (budget pacing), including the comparison period.
 * rare-seeds is all USD, so raw amounts are reporting amounts (dashboard-panels-2 checks that).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from './query/dates.js';
import { expectClose } from './testing/expect-close.js';
import { openRawWorld, RAW_SCOPE, type RawWorld } from './testing/raw-world.js';

const scope = RAW_SCOPE;

let world: RawWorld;
let lastDay: string;

const rows = (text: string) => world.rows(text);
const close = expectClose;

beforeAll(async () => {
  world = await openRawWorld();
  lastDay = world.lastDay;
});

afterAll(async () => {
  await world?.close();
});

describe('cumulative measures against the raw tables', () => {
  it.each([
    { fact: 'lists', dim: 'list', table: 'list' },
    { fact: 'segments', dim: 'segment', table: 'segment' },
  ])(
    '$dim size at the end of each week = members of the raw $table history on that day',
    async ({ fact, dim, table }) => {
      const range: [string, string] = [addDays(lastDay, -90), addDays(lastDay, -3)];
      const res = await world.layer.query(
        {
          measures: [`${fact}.net_growth`],
          dimensions: [`${dim}.name`],
          timeDimension: { dimension: 'date.day', granularity: 'week', dateRange: range },
          cumulative: { measures: [`${fact}.net_growth`] },
          limit: 5000,
        },
        scope,
      );
      // size at the end of day E (UTC days of the sync timestamps, as the membership fact counts them), E = the week's
      // last day inside the range; weeks in which a list had no membership change have no row
      const want = await rows(`
      with m as (
        select l.name, cast(p._fivetran_start as date) as s,
          case when coalesce(p._fivetran_active, false) then null else cast(p._fivetran_end as date) end as e
        from raw.klaviyo.${table}_person p join raw.klaviyo.${table} l on l.id = p.${table}_id
      ), changed as (
        select distinct name, cast(date_trunc('week', d) as date) as w from (
          select name, s as d from m union all select name, e from m where e is not null)
        where d between date '${range[0]}' and date '${range[1]}'
      )
      select c.name, strftime(c.w, '%Y-%m-%d') as w,
        (select count(*) from m where m.name = c.name and m.s <= least(c.w + 6, date '${range[1]}')
           and (m.e is null or m.e > least(c.w + 6, date '${range[1]}'))) as size
      from changed c`);
      const got = new Map(res.rows.map((r) => [`${r[`${dim}.name`]}|${r['date.week']}`, r[`${fact}.net_growth`]]));
      expect(got.size).toBeGreaterThan(5);
      expect(new Set(got.keys())).toEqual(new Set(want.map((w) => `${w.name}|${w.w}`)));
      for (const w of want) close(got.get(`${w.name}|${w.w}`), Number(w.size), `${w.name} ${w.w}`);
    },
  );

  it('month-to-date spend and CPC per platform and day, and in the comparison period', async () => {
    const range: [string, string] = [addDays(lastDay, -40), addDays(lastDay, -1)];
    const res = await world.layer.query(
      {
        measures: ['ads.spend', 'ads.cpc'],
        dimensions: ['platform.code'],
        timeDimension: { dimension: 'date.day', granularity: 'day', dateRange: range },
        compare: 'previous_period',
        cumulative: { measures: ['ads.spend', 'ads.cpc'], reset: 'month' },
        limit: 5000,
      },
      scope,
    );
    const daily = await rows(`
      select 'google_ads' as p, strftime("date", '%Y-%m-%d') as d, sum(cost_micros) / 1e6 as spend, sum(clicks) as clicks
      from raw.google_ads.campaign_stats group by all
      union all
      select 'meta', strftime("date", '%Y-%m-%d'), sum(spend), sum(inline_link_clicks) from raw.facebook_ads.ad_device_report group by all`);
    // month-to-date at day D = the platform's days from the first of D's month to D
    const mtd = (platform: string, day: string) => {
      const from = `${day.slice(0, 8)}01`;
      const xs = daily.filter((r) => {
        const d = String(r.d).slice(0, 10);
        return r.p === platform && d >= from && d <= day;
      });
      const spend = xs.reduce((a, r) => a + Number(r.spend), 0);
      const clicks = xs.reduce((a, r) => a + Number(r.clicks), 0);
      return { spend, cpc: clicks === 0 ? null : spend / clicks };
    };
    expect(res.rows.length).toBe(2 * 40);
    const days = 40;
    for (const r of res.rows) {
      const day = String(r['date.day']);
      const p = String(r['platform.code']);
      const want = mtd(p, day);
      close(r['ads.spend'], want.spend, `${p} ${day} spend`);
      close(r['ads.cpc'], want.cpc as number, `${p} ${day} cpc`);
      // previous period: the same position in the 40 days before the range
      const previousDay = addDays(day, -days);
      const before = mtd(p, previousDay);
      close(r['ads.spend.previous'], before.spend, `${p} ${previousDay} previous spend`);
      close(r['ads.cpc.previous'], before.cpc as number, `${p} ${previousDay} previous cpc`);
    }
    // the range starts mid-month: its first day already counts the month's earlier days (the opening balance)
    const first = res.rows.find((r) => r['date.day'] === range[0] && r['platform.code'] === 'google_ads');
    const one = daily.find((r) => r.p === 'google_ads' && String(r.d).slice(0, 10) === range[0]);
    if (range[0].slice(8) !== '01') expect(Number(first?.['ads.spend'])).toBeGreaterThan(Number(one?.spend));
  });
});
