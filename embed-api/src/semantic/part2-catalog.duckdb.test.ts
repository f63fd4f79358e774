/**
 * The part-2 catalog (issue 5) through the real semantic layer over the test warehouse (`MIQ_WAREHOUSE_DIR`): each
 * new fact's measures against independent SQL over the tenant's raw Fivetran tables (`raw.duckdb`).
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

const asMap = (rows: Record<string, unknown>[], k: string, v: string) =>
  new Map(rows.map((r) => [String(r[k]), Number(r[v])]));

describe('part-2 catalog against the raw tables', () => {
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
  const q = async (body: unknown) => (await layer.query(body, scope)).rows;

  it('keyword clicks and impressions per keyword id', async () => {
    const rows = await q({
      measures: ['keywords.clicks', 'keywords.impressions'],
      dimensions: ['keyword.id'],
      limit: 50000,
    });
    const expected =
      await raw(`select cast(ad_group_criterion_criterion_id as varchar) as id, sum(clicks)::bigint as clicks,
      sum(impressions)::bigint as impressions from google_ads.keyword_stats group by 1`);
    expect(asMap(rows, 'keyword.id', 'keywords.clicks')).toEqual(asMap(expected, 'id', 'clicks'));
    expect(asMap(rows, 'keyword.id', 'keywords.impressions')).toEqual(asMap(expected, 'id', 'impressions'));
  });

  it('hourly clicks per hour of day (dayparting)', async () => {
    const rows = await q({ measures: ['campaign_hourly.clicks'], dimensions: ['hour_of_day.number'] });
    const expected = await raw(
      'select cast(hour as varchar) as h, sum(clicks)::bigint as clicks from google_ads.campaign_hourly_stats group by 1',
    );
    expect(asMap(rows, 'hour_of_day.number', 'campaign_hourly.clicks')).toEqual(asMap(expected, 'h', 'clicks'));
  });

  it('ad group clicks per ad group id', async () => {
    const rows = await q({ measures: ['ad_groups.clicks'], dimensions: ['ad_group.id'], limit: 50000 });
    const expected = await raw(
      'select cast(id as varchar) as id, sum(clicks)::bigint as clicks from google_ads.ad_group_stats group by 1',
    );
    expect(asMap(rows, 'ad_group.id', 'ad_groups.clicks')).toEqual(asMap(expected, 'id', 'clicks'));
  });

  it('search term clicks and impressions in total', async () => {
    const [row] = await q({ measures: ['search_terms.clicks', 'search_terms.impressions'] });
    const [e] = await raw(
      'select sum(clicks)::bigint as clicks, sum(impressions)::bigint as impressions from google_ads.search_term_keyword_stats',
    );
    expect(row?.['search_terms.clicks']).toBe(Number(e?.clicks));
    expect(row?.['search_terms.impressions']).toBe(Number(e?.impressions));
  });

  it('audience clicks in total', async () => {
    const [row] = await q({ measures: ['audiences.clicks'] });
    const [e] = await raw('select sum(clicks)::bigint as clicks from google_ads.ad_group_audience_stats');
    expect(row?.['audiences.clicks']).toBe(Number(e?.clicks));
  });

  it('e-commerce items purchased per category', async () => {
    const rows = await q({ measures: ['ecommerce.items_purchased'], dimensions: ['ecommerce.item_category'] });
    const expected = await raw(`select item_category as c, sum(items_purchased)::bigint as n
      from google_analytics_4.ecommerce_items_report group by 1`);
    expect(asMap(rows, 'ecommerce.item_category', 'ecommerce.items_purchased')).toEqual(asMap(expected, 'c', 'n'));
  });

  it('video plays, completed views and the completion rate (ratio of sums)', async () => {
    const [row] = await q({
      measures: ['video_performance.plays', 'video_performance.p100', 'video_performance.completion_rate'],
    });
    const [e] = await raw(`select
      (select sum(value) from facebook_ads.ad_video_report_video_play_actions)::bigint as plays,
      (select sum(value) from facebook_ads.ad_video_report_video_p100_watched_actions)::bigint as p100`);
    expect(row?.['video_performance.plays']).toBe(Number(e?.plays));
    expect(row?.['video_performance.p100']).toBe(Number(e?.p100));
    expect(row?.['video_performance.completion_rate'] as number).toBeCloseTo(Number(e?.p100) / Number(e?.plays), 9);
  });

  it('list growth: additions and removals from the membership history', async () => {
    const [row] = await q({ measures: ['lists.adds', 'lists.removals', 'lists.net_growth'] });
    const [e] = await raw(`select count(*)::bigint as adds,
      count(*) filter (where not _fivetran_active)::bigint as removals from klaviyo.list_person`);
    expect(row?.['lists.adds']).toBe(Number(e?.adds));
    expect(row?.['lists.removals']).toBe(Number(e?.removals));
    expect(row?.['lists.net_growth']).toBe(Number(e?.adds) - Number(e?.removals));
  });

  it('a dimension-only query on a constant dimension (platform code) lists each platform once', async () => {
    // Klaviyo and GA4 facts carry their platform as a constant; before this was fixed each fact returned one row per
    // fact row and the key join multiplied them together (the query never finished).
    const rows = await q({ dimensions: ['platform.code'], limit: 5000 });
    const present = await raw(`
      select 'google_ads' as p where exists (select 1 from google_ads.campaign_stats)
      union all select 'meta' where exists (select 1 from facebook_ads.basic_ad)
      union all select 'ga4' where exists (select 1 from google_analytics_4.traffic_acquisition_session_source_medium_report)
      union all select 'klaviyo' where exists (select 1 from klaviyo.event)`);
    const codes = rows.map((r) => r['platform.code']);
    expect(codes.length, 'each value once').toBe(new Set(codes).size);
    // GA4 conversions from sources no ad platform claims (organic, direct) have no platform: one null row.
    expect(codes.filter((c) => c !== null).sort()).toEqual(present.map((r) => r.p).sort());
  });
});
