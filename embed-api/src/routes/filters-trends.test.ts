/**
 * `GET /filters/{type}`, `GET /trends` and the OpenAPI document with the real semantic layer over the test warehouse
 * (`MIQ_WAREHOUSE_DIR`). Expected values come from plain SQL over each tenant's raw Fivetran tables.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tenantsJson from '../../../dbt/generator/tenants.json' with { type: 'json' };
import { createApp } from '../app.js';
import type { AppDb } from '../app-db/app-db.js';
import { migrateAppDb } from '../app-db/migrate.js';
import { createPgliteAppDb } from '../app-db/pglite/index.js';
import { mintTenantToken, type TenantTokenClaims } from '../auth/index.js';
import { defaultAppConfig } from '../config/index.js';
import { type DemoPartnerFile, parseDemoTenants, seedDemo } from '../demo/index.js';
import { createMemoryLogger } from '../logger.js';
import { createSemanticLayer, loadCatalog } from '../semantic/index.js';
import { createDuckDbWarehouse, type Warehouse } from '../warehouse/index.js';
import { FilterOptionsResponseSchema, TrendsResponseSchema } from '../wire/index.js';

const dir = process.env.MIQ_WAREHOUSE_DIR ?? '';
if (!dir || !existsSync(join(dir, 'semantic_manifest.json'))) {
  throw new Error('MIQ_WAREHOUSE_DIR must point at a built warehouse (`scripts/warehouse.sh test 0.02`).');
}

async function rawRows(tenant: string, sqlText: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(join(dir, tenant, 'raw.duckdb'), {
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

describe('filter options, trends, OpenAPI', () => {
  const tenants = parseDemoTenants(tenantsJson).filter((t) => existsSync(join(dir, t.id, 'marts.duckdb')));
  let appDb: AppDb;
  let warehouse: Warehouse;
  let demo: DemoPartnerFile;
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    const catalog = loadCatalog(JSON.parse(readFileSync(join(dir, 'semantic_manifest.json'), 'utf8')));
    warehouse = await createDuckDbWarehouse({ dataDir: dir, memoryLimit: '512MB', threads: 1 });
    appDb = await createPgliteAppDb();
    await migrateAppDb(appDb.db);
    demo = await seedDemo(appDb.db, { tenants, now: new Date() });
    app = createApp({
      semantic: createSemanticLayer({ catalog, warehouse }),
      appDb: appDb.db,
      clock: () => new Date(),
      config: { ...defaultAppConfig, env: 'test' },
      logger: createMemoryLogger(),
    });
  });
  afterAll(async () => {
    await warehouse?.close();
    await appDb?.close();
  });

  async function tokenFor(tenant: string, extra: Partial<TenantTokenClaims> = {}) {
    return mintTenantToken({
      partnerId: demo.partnerId,
      kid: demo.kid,
      alg: demo.alg,
      key: await importJWK(demo.privateJwk, demo.alg),
      claims: { sub: 'filters-test', tenant, dashboards: ['*'], ...extra },
    });
  }
  async function get(token: string, path: string) {
    const res = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }
  async function allOptions(token: string, type: string, extra = '', pageSize = 2) {
    const values: string[] = [];
    for (let offset = 0; ; ) {
      const { status, json } = await get(token, `/api/v1/filters/${type}?limit=${pageSize}&offset=${offset}${extra}`);
      expect(status).toBe(200);
      const body = FilterOptionsResponseSchema.parse(json);
      values.push(...body.options.map((o) => o.value));
      if (!body.hasMore) break;
      offset += body.limit;
    }
    return values;
  }

  it('lists every account and campaign with spend rows, paged, equal to the raw tables', async () => {
    const token = await tokenFor('rare-seeds');
    const raw = await rawRows(
      'rare-seeds',
      `select distinct cast(customer_id as varchar) as a, cast(id as varchar) as c from google_ads.campaign_stats
       union select distinct cast(account_id as varchar), cast(campaign_id as varchar) from facebook_ads.ad_device_report`,
    );
    // GA4 facts reach account too (their property).
    const properties = await rawRows(
      'rare-seeds',
      "select distinct replace(cast(property as varchar), 'properties/', '') as a from google_analytics_4.traffic_source_medium_country_device",
    );
    const accounts = await allOptions(token, 'accounts');
    expect(new Set(accounts)).toEqual(new Set([...raw, ...properties].map((r) => String(r.a))));
    expect(accounts.length).toBe(new Set(accounts).size);
    const campaigns = await allOptions(token, 'campaigns');
    expect(new Set(campaigns)).toEqual(new Set(raw.map((r) => String(r.c))));
  });

  it('ad groups and keywords come from the raw Google Ads stats', async () => {
    const token = await tokenFor('rare-seeds');
    const adGroups = await rawRows(
      'rare-seeds',
      'select distinct cast(id as varchar) as id from google_ads.ad_group_stats',
    );
    expect(new Set(await allOptions(token, 'ad-groups', '', 500))).toEqual(new Set(adGroups.map((r) => String(r.id))));
    const keywords = await rawRows(
      'rare-seeds',
      'select distinct cast(ad_group_criterion_criterion_id as varchar) as id from google_ads.keyword_stats',
    );
    const { json } = await get(token, '/api/v1/filters/keywords?limit=500');
    const body = FilterOptionsResponseSchema.parse(json);
    expect(body.total).toBe(keywords.length);
  });

  it('never lists an entity outside a locked account (acceptance 3)', async () => {
    const raw = await rawRows(
      'rare-seeds',
      `select distinct cast(customer_id as varchar) as a, cast(id as varchar) as c from google_ads.campaign_stats`,
    );
    const locked = String(raw[0]!.a);
    const token = await tokenFor('rare-seeds', { filters: { 'account.id': [locked] } });
    expect(await allOptions(token, 'accounts')).toEqual([locked]);
    const campaigns = await allOptions(token, 'campaigns');
    const expected = new Set(raw.filter((r) => String(r.a) === locked).map((r) => String(r.c)));
    expect(new Set(campaigns)).toEqual(expected);
    const groups = await rawRows(
      'rare-seeds',
      `select distinct cast(id as varchar) as id from google_ads.ad_group_stats where cast(customer_id as varchar) = '${locked}'`,
    );
    expect(new Set(await allOptions(token, 'ad-groups', '', 500))).toEqual(new Set(groups.map((r) => String(r.id))));
    // The other Google account's campaigns exist and are not listed, even when searched for by id.
    const others = raw.filter((r) => String(r.a) !== locked).map((r) => String(r.c));
    expect(others.length).toBeGreaterThan(0);
    for (const id of others) {
      expect(await allOptions(token, 'campaigns', `&search=${id}`)).not.toContain(id);
    }
  });

  it('search is a case-insensitive substring of the label', async () => {
    const token = await tokenFor('rare-seeds');
    const { json } = await get(token, '/api/v1/filters/campaigns?limit=500');
    const all = FilterOptionsResponseSchema.parse(json).options;
    const label = all[0]!.label;
    const needle = label.slice(1, 5).toUpperCase();
    const { json: found } = await get(
      token,
      `/api/v1/filters/campaigns?limit=500&search=${encodeURIComponent(needle)}`,
    );
    const expected = all.filter(
      (o) => o.label.toLowerCase().includes(needle.toLowerCase()) || o.value.includes(needle),
    );
    expect(FilterOptionsResponseSchema.parse(found).options).toEqual(expected);
  });

  it('devices, platforms, countries, source/medium, email campaigns and flows come from the raw tables', async () => {
    const token = await tokenFor('rare-seeds');
    const [platforms, emailCampaigns, flows, countries] = await Promise.all([
      allOptions(token, 'platforms'),
      allOptions(token, 'email-campaigns'),
      allOptions(token, 'flows'),
      allOptions(token, 'countries'),
    ]);
    expect(new Set(platforms)).toEqual(new Set(['google_ads', 'meta', 'ga4', 'klaviyo']));
    expect(emailCampaigns.length).toBeGreaterThan(0);
    expect(flows.length).toBeGreaterThan(0);
    const rawFlows = await rawRows('rare-seeds', 'select distinct cast(id as varchar) as id from klaviyo.flow');
    for (const f of flows) expect(rawFlows.map((r) => String(r.id))).toContain(f);
    expect(countries.every((c) => /^[A-Z]{2}$/.test(c) || c === '(not set)' || c.length > 0)).toBe(true);
    expect(
      (await allOptions(token, 'devices')).every((d) => ['desktop', 'mobile', 'tablet', 'other'].includes(d)),
    ).toBe(true);
    expect((await allOptions(token, 'source-medium')).length).toBeGreaterThan(0);
  });

  it('unknown types are 404, bad paging 400, no token 401', async () => {
    const token = await tokenFor('rare-seeds');
    expect((await get(token, '/api/v1/filters/nope')).status).toBe(404);
    expect((await get(token, '/api/v1/filters/accounts?limit=0')).status).toBe(400);
    expect((await get(token, '/api/v1/filters/accounts?bogus=1')).status).toBe(400);
    expect((await app.request('/api/v1/filters/accounts')).status).toBe(401);
  });

  it('trends: daily clicks over an absolute range with the previous period, equal to the raw tables', async () => {
    const token = await tokenFor('rare-seeds');
    const { status, json } = await get(
      token,
      '/api/v1/trends?metric=ads.clicks&dateRange=2026-10-01,2026-10-10&compare=previous_period',
    );
    expect(status).toBe(200);
    const body = TrendsResponseSchema.parse(json);
    const raw = await rawRows(
      'rare-seeds',
      `with c as (select date, clicks from google_ads.campaign_stats
                  union all select date, inline_link_clicks from facebook_ads.ad_device_report)
       select strftime(date, '%Y-%m-%d') as d, sum(clicks)::bigint as clicks from c
       where date between '2026-09-21' and '2026-10-10' group by 1 order by 1`,
    );
    const byDay = new Map(raw.map((r) => [String(r.d), Number(r.clicks)]));
    expect(body.points.length).toBe(10);
    for (const [i, p] of body.points.entries()) {
      expect(p.value).toBe(byDay.get(p.date) ?? 0);
      const prev = new Date(Date.parse('2026-09-21') + i * 86_400_000).toISOString().slice(0, 10);
      expect(p.previous).toBe(byDay.get(prev) ?? 0);
    }
    const sum = (from: string, to: string) =>
      [...byDay].filter(([d]) => d >= from && d <= to).reduce((a, [, v]) => a + v, 0);
    expect(body.summary.value).toBe(sum('2026-10-01', '2026-10-10'));
    expect(body.summary.previous).toBe(sum('2026-09-21', '2026-09-30'));
    expect((await get(token, '/api/v1/trends?metric=ads.nope')).status).toBe(400);
    expect((await get(token, '/api/v1/trends?metric=ads.clicks&filters=%7Bx')).status).toBe(400);
  });

  it('serves an OpenAPI 3.1 document covering every route, and a self-contained reference page', async () => {
    const res = await app.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/api/v1/health',
      '/api/v1/schema',
      '/api/v1/metrics',
      '/api/v1/metrics/batch',
      '/api/v1/filters/{type}',
      '/api/v1/trends',
      '/api/v1/webhooks/fivetran',
      '/api/v1/admin/keys',
      '/api/v1/admin/audit',
      '/api/v1/operator/partners',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    const text = JSON.stringify(doc);
    for (const m of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) {
      expect(
        (doc as unknown as { components: { schemas: Record<string, unknown> } }).components.schemas,
      ).toHaveProperty([m[1]!]);
    }
    // Every route the app serves is documented.
    const served = app.routes
      .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/v1/'))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)),
    );
    expect(served.filter((r) => !documented.has(r))).toEqual([]);
    const page = await app.request('/api/v1/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('openapi.json');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });
});
