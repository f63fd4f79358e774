/**
 * The non-additive panels of DASHBOARDS.md ("KPIs: reach, frequency" on meta-ads, "KPI users" on ga4), as the
 * documents define them: a daily table at the measure's valid grain (`validGrain`), never a period total. Each panel's
 * query runs as the dashboard runs it (33 days ending on the last day with data) and is compared row by row with plain
 * SQL over the tenant's raw Fivetran tables (`raw.facebook_ads.basic_campaign`: Meta's own deduplicated reach per
 * campaign and day; `raw.google_analytics_4.traffic_source_medium_country_device`), written here — not the marts, not
 * the layer, not the shared reference (which has no non-additive measures). These two panels are listed in
 * `testing/dashboards-md-panels.ts` (`CHECKED_ELSEWHERE`) so that `dashboard-panels-2` leaves them to this file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTS } from '../dashboards/documents/index.js';
import type { PanelQuery } from '../dashboards/schema.js';
import { MiqError } from '../errors/index.js';
import { addDays } from './query/dates.js';
import { expectClose } from './testing/expect-close.js';
import { openRawWorld, RAW_SCOPE, type RawWorld } from './testing/raw-world.js';

let world: RawWorld;
let range: [string, string];

beforeAll(async () => {
  world = await openRawWorld();
  range = [addDays(world.lastDay, -32), world.lastDay];
});
afterAll(async () => {
  await world?.close();
});

const panelQuery = (dashboard: string, panel: string): PanelQuery => {
  const p = DOCUMENTS.find((d) => d.id === dashboard)?.panels.find((x) => x.id === panel);
  if (!p || !('query' in p)) throw new Error(`${dashboard}/${panel} has no query`);
  return p.query;
};

const run = (query: PanelQuery) =>
  world.layer.query(
    { ...query, timeDimension: { dimension: 'date.day', granularity: 'day', dateRange: range } },
    RAW_SCOPE,
  );

const close = (got: unknown, want: number | null, what: string) => expectClose(got, want, what, { abs: 1e-9 });

/** Device platforms of the raw reports → the mart contract's device codes (CONTRIBUTING.md). */
const DEVICE = (x: string) => `case when lower(${x}) in ('desktop', 'computer') then 'desktop'
  when lower(${x}) in ('mobile', 'mobile_app', 'mobile_web') then 'mobile'
  when lower(${x}) = 'tablet' then 'tablet' else 'other' end`;

describe('non-additive KPIs at their valid grain, against the raw tables', () => {
  it('meta-ads/reach-frequency: Meta’s own reach, frequency and impressions per day and campaign', async () => {
    const query = panelQuery('meta-ads', 'reach-frequency');
    const res = await run(query);
    // basic_campaign: one row per campaign and day, reach deduplicated by Meta over the campaign's ads and devices
    const want = await world.rows(`
      with campaign as (
        select cast(id as varchar) as id, name from raw.facebook_ads.campaign_history
        qualify row_number() over (partition by id order by updated_time desc) = 1
      )
      select cast(r."date" as varchar) as day, cast(r.campaign_id as varchar) as campaign_id, c.name,
        r.reach::double as reach, r.impressions::double as impressions, count(*) over (
          partition by r."date", r.campaign_id) as n
      from raw.facebook_ads.basic_campaign r left join campaign c on c.id = cast(r.campaign_id as varchar)
      where r."date" between date '${range[0]}' and date '${range[1]}'`);
    expect(want.length).toBeGreaterThan(30);
    expect(want.every((w) => Number(w.n) === 1)).toBe(true);
    expect(res.rows).toHaveLength(want.length);
    const key = (day: unknown, campaign: unknown) => `${String(day).slice(0, 10)}|${campaign}`;
    const byKey = new Map(want.map((w) => [key(w.day, w.campaign_id), w]));
    for (const row of res.rows) {
      const k = key(row['date.day'], row['campaign.id']);
      const w = byKey.get(k);
      expect(w, `row ${k} is in the raw report`).toBeDefined();
      expect(row['campaign.name'], k).toBe(w?.name);
      const reach = Number(w?.reach);
      const impressions = Number(w?.impressions);
      close(row['meta_reach.reach'], reach, `${k} reach`);
      close(row['meta_reach.impressions'], impressions, `${k} impressions`);
      close(row['meta_reach.frequency'], reach === 0 ? null : impressions / reach, `${k} frequency`);
    }
    // order: the latest day first, then the largest reach
    const days = res.rows.map((r) => String(r['date.day']).slice(0, 10));
    expect(days).toEqual([...days].sort().reverse());
    expect(days[0]).toBe(range[1]);
    for (let i = 1; i < res.rows.length; i += 1) {
      if (days[i] === days[i - 1]) {
        expect(Number(res.rows[i]?.['meta_reach.reach'])).toBeLessThanOrEqual(
          Number(res.rows[i - 1]?.['meta_reach.reach']),
        );
      }
    }
  });

  it('the reach shown is not the sum of the per-ad reach: people reached by several ads or devices count once', async () => {
    // the number the panel used to show (summed over ads and device platforms) is visibly larger on some rows, so the
    // comparison above could not pass with the old summed figure
    const res = await run(panelQuery('meta-ads', 'reach-frequency'));
    const summed = await world.rows(`
      select cast("date" as varchar) as day, cast(campaign_id as varchar) as campaign_id, sum(reach)::double as reach
      from raw.facebook_ads.ad_device_report where "date" between date '${range[0]}' and date '${range[1]}'
      group by all`);
    const bySum = new Map(summed.map((s) => [`${s.day}|${s.campaign_id}`, Number(s.reach)]));
    let below = 0;
    for (const r of res.rows) {
      const sum = bySum.get(`${String(r['date.day']).slice(0, 10)}|${r['campaign.id']}`);
      if (sum !== undefined && Number(r['meta_reach.reach']) < sum) below += 1;
    }
    expect(below).toBeGreaterThan(0);
  });

  it('ga4/users-daily: users, new users and sessions per day, source / medium, country and device', async () => {
    const query = panelQuery('ga4', 'users-daily');
    const res = await run(query);
    const want = await world.rows(`
      select cast("date" as varchar) as day,
        coalesce(session_source, '(not set)') || ' / ' || coalesce(session_medium, '(not set)') as sm,
        coalesce(nullif(upper(country_id), ''), 'ZZ') as cc, ${DEVICE('device_category')} as device,
        sum(total_users)::double as users, sum(new_users)::double as new_users, sum(sessions)::double as sessions,
        count(*) as n
      from raw.google_analytics_4.traffic_source_medium_country_device
      where "date" between date '${range[0]}' and date '${range[1]}'
      group by all`);
    // GA4 reports one row per day, source / medium, country and device category; only devices outside the
    // contract's four codes can merge ('smart tv' → other), so users are GA4's own figure on almost every row
    expect(want.filter((w) => Number(w.n) === 1).length / want.length).toBeGreaterThan(0.95);
    expect(want.length).toBeGreaterThan(500);
    expect(res.rows).toHaveLength(Math.min(want.length, query.limit ?? 1000));
    const key = (day: unknown, sm: unknown, cc: unknown, device: unknown) =>
      `${String(day).slice(0, 10)}|${sm}|${cc}|${device}`;
    const byKey = new Map(want.map((w) => [key(w.day, w.sm, w.cc, w.device), w]));
    for (const row of res.rows) {
      const k = key(row['date.day'], row['source_medium.key'], row['country.code'], row['device.code']);
      const w = byKey.get(k);
      expect(w, `row ${k} is in the raw report`).toBeDefined();
      close(row['ga4.users'], Number(w?.users), `${k} users`);
      close(row['ga4.new_users'], Number(w?.new_users), `${k} new users`);
      close(row['ga4.sessions'], Number(w?.sessions), `${k} sessions`);
    }
    const days = res.rows.map((r) => String(r['date.day']).slice(0, 10));
    expect(days).toEqual([...days].sort().reverse());
  });

  it.each([
    ['meta_reach.reach', 'meta-ads'],
    ['meta_reach.frequency', 'meta-ads'],
    ['ga4.users', 'ga4'],
  ])('a period total of %s (a KPI tile) is refused, never summed silently', async (measure) => {
    const err = await world.layer
      .query({ measures: [measure], timeDimension: { dimension: 'date.day', dateRange: range } }, RAW_SCOPE)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MiqError);
    expect((err as MiqError).status).toBe(400);
    expect((err as MiqError).details).toEqual([
      expect.objectContaining({
        field: 'measures[0]',
        code: 'non_additive_grain',
        message: expect.stringContaining(measure),
      }),
    ]);
  });

  it.each([
    ['per week', { dimensions: ['campaign.id'], granularity: 'week' }],
    ['per day over all campaigns', { dimensions: [], granularity: 'day' }],
    ['per platform and day', { dimensions: ['platform.code'], granularity: 'day' }],
  ] as const)(
    'Meta reach %s is refused too: it is valid per day and campaign only',
    async (_, { dimensions, granularity }) => {
      const err = await world.layer
        .query(
          {
            measures: ['meta_reach.reach'],
            dimensions: [...dimensions],
            timeDimension: { dimension: 'date.day', granularity, dateRange: range },
          },
          RAW_SCOPE,
        )
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MiqError);
      expect((err as MiqError).status).toBe(400);
      expect(JSON.stringify((err as MiqError).details)).toContain('non_additive_grain');
    },
  );
});
