/**
 * Panels of DASHBOARDS.md as unified queries over the test warehouse (`MIQ_WAREHOUSE_DIR`), each checked against an
 * independent computation over the tenant's raw Fivetran tables (counts, so no currency conversion is involved).
 * Together with `part2-catalog.duckdb.test.ts` (keywords, dayparting totals, video funnel, list growth, e-commerce)
 * and `semantic-layer.duckdb.test.ts` (part-1 KPIs, ratios, comparisons).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../warehouse/index.js';
import { createDuckDbWarehouse } from '../warehouse/index.js';
import { createSemanticLayer, loadCatalog, type SemanticLayer, type TenantScope } from './index.js';

const dir = process.env.MIQ_WAREHOUSE_DIR ?? '';
if (!dir || !existsSync(join(dir, 'semantic_manifest.json'))) {
  throw new Error('MIQ_WAREHOUSE_DIR must point at a built warehouse (`scripts/warehouse.sh test 0.02`).');
}
const TENANT = 'rare-seeds';
const scope: TenantScope = {
  tenantId: TENANT,
  warehouseLocation: TENANT,
  timeZone: 'America/Chicago',
  reportingCurrency: 'USD',
  lockedFilters: {},
};

async function raw(sqlText: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(join(dir, TENANT, 'raw.duckdb'), {
    access_mode: 'READ_ONLY',
    threads: '1',
  });
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sqlText)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** `a|b → value` for rows keyed by the given members (query) or columns (raw). */
const keyed = (rows: Record<string, unknown>[], keys: string[], value: string) =>
  new Map(rows.map((r) => [keys.map((k) => String(r[k])).join('|'), Number(r[value])]));

const PANELS: {
  dashboard: string;
  panel: string;
  query: Record<string, unknown>;
  keys: string[];
  value: string;
  sql: string;
  rawKeys: string[];
}[] = [
  {
    dashboard: 'overview',
    panel: 'platform mix (clicks by platform)',
    query: { measures: ['ads.clicks'], dimensions: ['platform.code'] },
    keys: ['platform.code'],
    value: 'ads.clicks',
    sql: `select 'google_ads' as p, sum(clicks)::bigint as v from google_ads.campaign_stats
          union all select 'meta', sum(inline_link_clicks)::bigint from facebook_ads.ad_device_report`,
    rawKeys: ['p'],
  },
  {
    dashboard: 'google-ads',
    panel: 'device split',
    query: {
      measures: ['ads.clicks'],
      dimensions: ['device.code'],
      filters: [{ member: 'platform.code', operator: 'equals', values: ['google_ads'] }],
    },
    keys: ['device.code'],
    value: 'ads.clicks',
    sql: `select case when device in ('DESKTOP', 'MOBILE', 'TABLET') then lower(device) else 'other' end as d,
          sum(clicks)::bigint as v from google_ads.campaign_stats group by 1`,
    rawKeys: ['d'],
  },
  {
    dashboard: 'google-ads / dayparting',
    panel: 'hour-of-day x weekday clicks (heatmap)',
    query: { measures: ['campaign_hourly.clicks'], dimensions: ['hour_of_day.number', 'weekday.number'], limit: 500 },
    keys: ['hour_of_day.number', 'weekday.number'],
    value: 'campaign_hourly.clicks',
    sql: `select hour as h, isodow(date) as w, sum(clicks)::bigint as v from google_ads.campaign_hourly_stats group by 1, 2`,
    rawKeys: ['h', 'w'],
  },
  {
    dashboard: 'meta-ads / audiences',
    panel: 'age x gender (heatmap)',
    query: {
      measures: ['demographics.clicks'],
      dimensions: ['demographics.age', 'demographics.gender'],
      filters: [{ member: 'demographics.breakdown', operator: 'equals', values: ['age_gender'] }],
    },
    keys: ['demographics.age', 'demographics.gender'],
    value: 'demographics.clicks',
    sql: `select age as a, gender as g, sum(inline_link_clicks)::bigint as v
          from facebook_ads.campaign_age_gender_report group by 1, 2`,
    rawKeys: ['a', 'g'],
  },
  {
    dashboard: 'creative',
    panel: 'reactions by type',
    query: { measures: ['ad_reactions.reactions'], dimensions: ['ad_reactions.reaction_type'] },
    keys: ['ad_reactions.reaction_type'],
    value: 'ad_reactions.reactions',
    sql: `select lower(action_reaction) as t, sum(value)::bigint as v from facebook_ads.ad_reactions_report_actions
          group by 1`,
    rawKeys: ['t'],
  },
  {
    dashboard: 'search-terms',
    panel: 'search terms with clicks and zero conversions (table)',
    query: {
      measures: ['search_terms.clicks'],
      dimensions: ['search_terms.term', 'search_terms.match_type'],
      filters: [
        { member: 'search_terms.conversions', operator: 'equals', values: [0] },
        { member: 'search_terms.clicks', operator: 'gt', values: [0] },
      ],
      limit: 50000,
    },
    keys: ['search_terms.term', 'search_terms.match_type'],
    value: 'search_terms.clicks',
    sql: `select search_term as t, lower(search_term_match_type) as m, sum(clicks)::bigint as v
          from google_ads.search_term_keyword_stats group by 1, 2 having sum(conversions) = 0 and sum(clicks) > 0`,
    rawKeys: ['t', 'm'],
  },
  {
    dashboard: 'meta-ads',
    panel: 'ad sets (table)',
    query: { measures: ['ad_sets.clicks'], dimensions: ['ad_set.id'], limit: 50000 },
    keys: ['ad_set.id'],
    value: 'ad_sets.clicks',
    sql: `select cast(adset_id as varchar) as id, sum(inline_link_clicks)::bigint as v
          from facebook_ads.ad_device_report group by 1`,
    rawKeys: ['id'],
  },
  {
    dashboard: 'meta-ads / creative',
    panel: 'top ads (table)',
    query: {
      measures: ['ad_performance.impressions'],
      dimensions: ['ad.id'],
      filters: [{ member: 'platform.code', operator: 'equals', values: ['meta'] }],
      limit: 50000,
    },
    keys: ['ad.id'],
    value: 'ad_performance.impressions',
    sql: `select cast(ad_id as varchar) as id, sum(impressions)::bigint as v from facebook_ads.ad_device_report group by 1`,
    rawKeys: ['id'],
  },
  {
    dashboard: 'ga4',
    panel: 'source/medium (table)',
    query: { measures: ['ga4.sessions'], dimensions: ['source_medium.source', 'source_medium.medium'], limit: 50000 },
    keys: ['source_medium.source', 'source_medium.medium'],
    value: 'ga4.sessions',
    sql: `select session_source as s, session_medium as m, sum(sessions)::bigint as v
          from google_analytics_4.traffic_source_medium_country_device group by 1, 2`,
    rawKeys: ['s', 'm'],
  },
  {
    dashboard: 'list-growth',
    panel: 'segment sizes (memberships started per segment)',
    query: { measures: ['segments.adds'], dimensions: ['segment.key'] },
    keys: ['segment.key'],
    value: 'segments.adds',
    sql: `select 'klaviyo:' || segment_id as k, count(*)::bigint as v from klaviyo.segment_person group by 1`,
    rawKeys: ['k'],
  },
  {
    dashboard: 'budget-pacing',
    panel: 'spend vs budget per campaign (Google Ads clicks with the current daily budget)',
    query: {
      measures: ['ads.clicks'],
      dimensions: ['campaign.id', 'campaign.daily_budget'],
      filters: [{ member: 'platform.code', operator: 'equals', values: ['google_ads'] }],
    },
    keys: ['campaign.id', 'campaign.daily_budget'],
    value: 'ads.clicks',
    sql: `with budget as (
            select c.id, b.amount_micros / 1e6 as daily_budget
            from (select id, campaign_budget_id, row_number() over (partition by id order by updated_at desc) as rn
                  from google_ads.campaign_history) c
            join (select id, amount_micros, row_number() over (partition by id order by updated_at desc) as rn
                  from google_ads.campaign_budget_history) b on b.id = c.campaign_budget_id and b.rn = 1
            where c.rn = 1)
          select cast(s.id as varchar) as c, cast(b.daily_budget as double) as b, sum(s.clicks)::bigint as v
          from google_ads.campaign_stats s join budget b on b.id = s.id group by 1, 2`,
    rawKeys: ['c', 'b'],
  },
];

describe('dashboard panels against the raw tables', () => {
  let warehouse: Warehouse;
  let layer: SemanticLayer;
  beforeAll(async () => {
    const catalog = loadCatalog(JSON.parse(readFileSync(join(dir, 'semantic_manifest.json'), 'utf8')));
    warehouse = await createDuckDbWarehouse({ dataDir: dir, memoryLimit: '512MB', threads: 1 });
    layer = createSemanticLayer({ catalog, warehouse });
  });
  afterAll(async () => {
    await warehouse?.close();
  });

  it.each(PANELS)('$dashboard: $panel', async (p) => {
    const got = keyed((await layer.query(p.query, scope)).rows, p.keys, p.value);
    const expected = keyed(await raw(p.sql), p.rawKeys, 'v');
    expect(got.size).toBeGreaterThan(0);
    expect(got).toEqual(expected);
  });
});
