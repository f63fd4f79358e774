/**
 * The value in effect per day of a change history (`budget_changes.budget_in_effect`) on the test warehouse
 * (`MIQ_WAREHOUSE_DIR`), against plain SQL over the raw Fivetran budget histories: DASHBOARDS.md budget pacing,
 * "month-to-date spend vs budget per campaign", as one query (with month-to-date spend from `cumulative`).
 * rare-seeds is all USD (Meta budgets in cents), so raw amounts are reporting amounts.
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

/** Per platform:campaign id, the budget of every recorded version (the latest version of a day wins). */
const VERSIONS = `
  select 'google_ads:' || cast(campaign_id as varchar) as campaign, updated_at as t, amount_micros / 1e6 as budget
  from raw.google_ads.campaign_budget_history where campaign_id is not null
  union all
  select 'meta:' || cast(id as varchar), updated_time, daily_budget / 100.0 from raw.facebook_ads.campaign_history`;
const NAMES = `
  select 'google_ads:' || cast(id as varchar) as campaign, name from raw.google_ads.campaign_history
  qualify row_number() over (partition by id order by updated_at desc) = 1
  union all
  select 'meta:' || cast(id as varchar), name from raw.facebook_ads.campaign_history
  qualify row_number() over (partition by id order by updated_time desc) = 1`;

beforeAll(async () => {
  world = await openRawWorld();
  lastDay = world.lastDay;
});

afterAll(async () => {
  await world?.close();
});

describe('value in effect per day against the raw tables', () => {
  it('month-to-date spend and the daily budget in effect, per campaign and day, in one query', async () => {
    const range: [string, string] = [addDays(lastDay, -45), addDays(lastDay, -1)];
    const res = await world.layer.query(
      {
        measures: ['ads.spend', 'budget_changes.budget_in_effect'],
        dimensions: ['campaign.name'],
        timeDimension: { dimension: 'date.day', granularity: 'day', dateRange: range },
        cumulative: { measures: ['ads.spend'], reset: 'month' },
        limit: 50_000,
      },
      scope,
    );
    // the budget in effect on day d: the campaign's latest version recorded on or before d (by its UTC day)
    const want = await rows(`
      with days as (select cast(unnest(generate_series(date '${range[0]}', date '${range[1]}', interval 1 day)) as date) as d),
      v as (${VERSIONS}), n as (${NAMES}),
      in_effect as (
        select days.d, v.campaign, v.budget from days join v on cast(v.t as date) <= days.d
        qualify row_number() over (partition by days.d, v.campaign order by v.t desc) = 1
      )
      select strftime(i.d, '%Y-%m-%d') as d, n.name, sum(i.budget) as budget
      from in_effect i join n on n.campaign = i.campaign group by all`);
    const spend = await rows(`
      with s as (
        select 'google_ads:' || cast(id as varchar) as campaign, "date" as d, cost_micros / 1e6 as spend
        from raw.google_ads.campaign_stats
        union all
        select 'meta:' || cast(campaign_id as varchar), "date", spend from raw.facebook_ads.ad_device_report
      ), days as (select distinct s.d, n.name from s join (${NAMES}) n on n.campaign = s.campaign
                  where s.d between date '${range[0]}' and date '${range[1]}')
      select strftime(days.d, '%Y-%m-%d') as d, days.name,
        (select sum(s.spend) from s join (${NAMES}) n on n.campaign = s.campaign
         where n.name = days.name and s.d between date_trunc('month', days.d) and days.d) as mtd
      from days`);
    const got = new Map(res.rows.map((r) => [`${r['date.day']}|${r['campaign.name']}`, r]));
    expect(want.length).toBeGreaterThan(100);
    for (const w of want) {
      const r = got.get(`${w.d}|${w.name}`);
      expect(r, `${w.d} ${w.name}`).toBeDefined();
      close(r?.['budget_changes.budget_in_effect'], Number(w.budget), `${w.d} ${w.name} budget`);
    }
    for (const s of spend) close(got.get(`${s.d}|${s.name}`)?.['ads.spend'], Number(s.mtd), `${s.d} ${s.name} mtd`);
    // every row is a day with a budget or with spend; none is left over
    const keys = new Set([...want.map((w) => `${w.d}|${w.name}`), ...spend.map((s) => `${s.d}|${s.name}`)]);
    expect(new Set(got.keys())).toEqual(keys);
  });

  it('per week: the total budget in effect on the last day of each week (within the range)', async () => {
    const range: [string, string] = [addDays(lastDay, -60), addDays(lastDay, -2)];
    const res = await world.layer.query(
      {
        measures: ['budget_changes.budget_in_effect'],
        timeDimension: { dimension: 'date.day', granularity: 'week', dateRange: range },
      },
      scope,
    );
    const want = await rows(`
      with weeks as (
        select distinct cast(date_trunc('week', d) as date) as w,
          least(cast(date_trunc('week', d) as date) + 6, date '${range[1]}') as last_day
        from (select cast(unnest(generate_series(date '${range[0]}', date '${range[1]}', interval 1 day)) as date) as d)
      ), v as (${VERSIONS}),
      in_effect as (
        select weeks.w, v.campaign, v.budget from weeks join v on cast(v.t as date) <= weeks.last_day
        qualify row_number() over (partition by weeks.w, v.campaign order by v.t desc) = 1
      )
      select strftime(w, '%Y-%m-%d') as w, sum(budget) as budget from in_effect group by 1 order by 1`);
    expect(res.rows.map((r) => r['date.week'])).toEqual(want.map((w) => w.w));
    for (const [i, w] of want.entries())
      close(res.rows[i]?.['budget_changes.budget_in_effect'], Number(w.budget), w.w as string);
  });
});
