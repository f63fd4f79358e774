/**
 * Top N per group (`top`) on the test warehouse (`MIQ_WAREHOUSE_DIR`) against plain SQL over the tenant's raw
 * Fivetran tables: DASHBOARDS.md creative "CTR trend of top ads" (the 5 ads with the most spend over the range, their
 * weekly CTR) and the top campaigns by ROAS per platform. rare-seeds is all USD.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from './query/dates.js';
import { expectClose } from './testing/expect-close.js';
import { openRawWorld, RAW_SCOPE, type RawWorld } from './testing/raw-world.js';

const scope = RAW_SCOPE;

let world: RawWorld;
let range: [string, string];

const rows = (text: string) => world.rows(text);
const close = expectClose;

/** Ad stats of both platforms per day with the ad's current name. */
const ADS = `
  with g as (
    select "date" as d, cast(ad_id as varchar) as id, 'google_ads' as p, cost_micros / 1e6 as spend, clicks, impressions
    from raw.google_ads.ad_stats
  ), m as (
    select "date", cast(ad_id as varchar), 'meta', spend, inline_link_clicks, impressions
    from raw.facebook_ads.ad_device_report
  ), names as (
    select cast(id as varchar) as id, 'google_ads' as p, name from raw.google_ads.ad_history
    qualify row_number() over (partition by ad_group_id, id order by updated_at desc) = 1
    union all
    select cast(id as varchar), 'meta', name from raw.facebook_ads.ad_history
    qualify row_number() over (partition by id order by updated_time desc) = 1
  )
  select x.d, n.name, x.spend, x.clicks, x.impressions
  from (select * from g union all select * from m) x join names n on n.id = x.id and n.p = x.p`;

beforeAll(async () => {
  world = await openRawWorld();
  range = [addDays(world.lastDay, -55), world.lastDay];
});

afterAll(async () => {
  await world?.close();
});

describe('top N per group against the raw tables', () => {
  it('CTR trend of the 5 ads with the most spend over the range (the same ads in every week)', async () => {
    const res = await world.layer.query(
      {
        measures: ['ad_performance.ctr', 'ad_performance.spend'],
        dimensions: ['ad.name'],
        timeDimension: { dimension: 'date.day', granularity: 'week', dateRange: range },
        top: { n: 5, by: 'ad_performance.spend' },
        total: true,
      },
      scope,
    );
    const want = await rows(`
      with a as (select * from (${ADS}) where d between date '${range[0]}' and date '${range[1]}'),
      top as (select name from a group by name order by sum(spend) desc, name limit 5)
      select a.name, strftime(date_trunc('week', a.d), '%Y-%m-%d') as w, sum(a.clicks) / nullif(sum(a.impressions), 0) as ctr,
        sum(a.spend) as spend
      from a join top using (name) group by all`);
    expect(new Set(res.rows.map((r) => r['ad.name'])).size).toBe(5);
    expect(res.rows.length).toBe(want.length);
    expect(res.total).toBe(want.length);
    const got = new Map(res.rows.map((r) => [`${r['ad.name']}|${r['date.week']}`, r]));
    for (const w of want) {
      const r = got.get(`${w.name}|${w.w}`);
      expect(r, `${w.name} ${w.w}`).toBeDefined();
      close(r?.['ad_performance.ctr'], Number(w.ctr), `${w.name} ${w.w} ctr`);
      close(r?.['ad_performance.spend'], Number(w.spend), `${w.name} ${w.w} spend`);
    }
  });

  it('the 3 campaigns with the best ROAS on each platform, with the comparison period', async () => {
    const previous = [addDays(range[0], -56), addDays(range[0], -1)];
    const res = await world.layer.query(
      {
        measures: ['ads.roas', 'ads.spend'],
        dimensions: ['platform.code', 'campaign.name'],
        timeDimension: { dimension: 'date.day', dateRange: range },
        compare: 'previous_period',
        top: { n: 3, by: 'ads.roas', per: ['platform.code'] },
        order: [
          ['platform.code', 'asc'],
          ['ads.roas', 'desc'],
        ],
      },
      scope,
    );
    const campaigns = (from: string, to: string) => `
      with g as (
        select 'google_ads' as p, cast(id as varchar) as id, cost_micros / 1e6 as spend, conversions_value as value
        from raw.google_ads.campaign_stats where "date" between date '${from}' and date '${to}'
      ), purchases as (
        select "date", ad_id, device_platform, sum(value) as v from raw.facebook_ads.ad_device_report_action_values
        where action_type = 'offsite_conversion.fb_pixel_purchase' group by all
      ), m as (
        select 'meta', cast(r.campaign_id as varchar), r.spend, coalesce(v.v, 0)
        from raw.facebook_ads.ad_device_report r left join purchases v
          on v."date" = r."date" and v.ad_id = r.ad_id and v.device_platform = r.device_platform
        where r."date" between date '${from}' and date '${to}'
      ), names as (
        select 'google_ads' as p, cast(id as varchar) as id, name from raw.google_ads.campaign_history
        qualify row_number() over (partition by id order by updated_at desc) = 1
        union all
        select 'meta', cast(id as varchar), name from raw.facebook_ads.campaign_history
        qualify row_number() over (partition by id order by updated_time desc) = 1
      )
      select x.p, n.name, sum(x.value) / nullif(sum(x.spend), 0) as roas, sum(x.spend) as spend
      from (select * from g union all select * from m) x join names n on n.p = x.p and n.id = x.id group by all`;
    const want = await rows(`
      select * from (${campaigns(range[0], range[1])})
      qualify row_number() over (partition by p order by roas desc nulls last, name) <= 3
      order by p, roas desc`);
    const before = new Map(
      (await rows(campaigns(previous[0] as string, previous[1] as string))).map((r) => [`${r.p}|${r.name}`, r]),
    );
    expect(res.rows.map((r) => `${r['platform.code']}|${r['campaign.name']}`)).toEqual(
      want.map((w) => `${w.p}|${w.name}`),
    );
    for (const [i, w] of want.entries()) {
      const r = res.rows[i];
      close(r?.['ads.roas'], Number(w.roas), `${w.p} ${w.name} roas`);
      close(r?.['ads.spend'], Number(w.spend), `${w.p} ${w.name} spend`);
      const b = before.get(`${w.p}|${w.name}`);
      close(r?.['ads.spend.previous'], Number(b?.spend ?? 0), `${w.p} ${w.name} previous spend`);
    }
  });
});
