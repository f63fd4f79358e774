/**
 * The app with the real semantic layer over the real test warehouse (`MIQ_WAREHOUSE_DIR`, built once by `make test`).
 * Expected numbers come from plain SQL over each tenant's raw Fivetran tables (`raw.duckdb`), never from the API.
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

function testWarehouseDir(): string {
  const dir = process.env.MIQ_WAREHOUSE_DIR;
  if (dir === undefined || dir === '') {
    throw new Error(
      'MIQ_WAREHOUSE_DIR is not set. `make test` builds data/test and exports it; by hand: ' +
        '`scripts/warehouse.sh test 0.02 && export MIQ_WAREHOUSE_DIR=$PWD/data/test`.',
    );
  }
  if (!existsSync(join(dir, 'semantic_manifest.json'))) {
    throw new Error(`${dir} has no semantic_manifest.json: build it with \`scripts/warehouse.sh test 0.02\`.`);
  }
  return dir;
}

const META_ACCOUNT = '120208455931760418';
type ClicksByAccount = Map<string, number>;

/** Clicks per ad account straight from the raw Google Ads and Meta tables of one tenant. */
async function rawClicksByAccount(dir: string, tenant: string): Promise<ClicksByAccount> {
  const instance = await DuckDBInstance.create(join(dir, tenant, 'raw.duckdb'), {
    access_mode: 'READ_ONLY',
    threads: '1',
  });
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`
      select cast(customer_id as varchar) as account_id, sum(clicks)::bigint as clicks
      from google_ads.campaign_stats group by 1
      union all
      select cast(account_id as varchar), sum(inline_link_clicks)::bigint
      from facebook_ads.ad_device_report group by 1`);
    return new Map(reader.getRowObjectsJS().map((r) => [String(r.account_id), Number(r.clicks)]));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const sum = (m: ClicksByAccount) => [...m.values()].reduce((a, b) => a + b, 0);

describe('end to end: tokens, tenants and the real semantic layer', () => {
  const dir = testWarehouseDir();
  const tenants = parseDemoTenants(tenantsJson).filter((t) => existsSync(join(dir, t.id, 'marts.duckdb')));
  let appDb: AppDb;
  let warehouse: Warehouse;
  let demo: DemoPartnerFile;
  let app: ReturnType<typeof createApp>;
  const logger = createMemoryLogger();
  const raw = new Map<string, ClicksByAccount>();

  beforeAll(async () => {
    expect(tenants.map((t) => t.id)).toEqual(expect.arrayContaining(['rare-seeds', 'nordic-knits']));
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
      logger,
    });
    for (const t of ['rare-seeds', 'nordic-knits']) raw.set(t, await rawClicksByAccount(dir, t));
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
      claims: { sub: 'e2e', tenant, dashboards: ['*'], ...extra },
    });
  }

  async function metrics(token: string, body: unknown) {
    const res = await app.request('/api/v1/metrics', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      text,
      json: JSON.parse(text) as { rows?: Record<string, unknown>[]; error?: unknown },
    };
  }

  it('the two tenants really differ (otherwise isolation could not be observed)', () => {
    expect(sum(raw.get('rare-seeds')!)).toBeGreaterThan(0);
    expect(sum(raw.get('nordic-knits')!)).toBeGreaterThan(0);
    expect(sum(raw.get('rare-seeds')!)).not.toBe(sum(raw.get('nordic-knits')!));
  });

  it('a token for tenant A returns A’s numbers and never B’s', async () => {
    for (const [tenant, other] of [
      ['rare-seeds', 'nordic-knits'],
      ['nordic-knits', 'rare-seeds'],
    ] as const) {
      const { status, json } = await metrics(await tokenFor(tenant), {
        measures: ['ads.clicks'],
        dimensions: ['account.id'],
        order: [['account.id', 'asc']],
      });
      expect(status).toBe(200);
      const got = new Map(json.rows!.map((r) => [r['account.id'] as string, r['ads.clicks'] as number]));
      expect(got).toEqual(raw.get(tenant));
      for (const account of raw.get(other)!.keys()) expect(got.has(account)).toBe(false);
    }
  });

  it('an 18-digit Meta account id round-trips through a filter unchanged (string in, same string out)', async () => {
    const expected = raw.get('rare-seeds')!.get(META_ACCOUNT);
    expect(expected).toBeGreaterThan(0);
    const { status, text, json } = await metrics(await tokenFor('rare-seeds'), {
      measures: ['ads.clicks'],
      dimensions: ['account.id'],
      filters: [{ member: 'account.id', operator: 'equals', values: [META_ACCOUNT] }],
    });
    expect(status).toBe(200);
    expect(json.rows).toEqual([{ 'account.id': META_ACCOUNT, 'ads.clicks': expected }]);
    expect(text).toContain(`"${META_ACCOUNT}"`);
  });

  it('a locked filter in the token narrows every query to that account', async () => {
    const token = await tokenFor('rare-seeds', { filters: { 'account.id': [META_ACCOUNT] } });
    const { status, json } = await metrics(token, { measures: ['ads.clicks'] });
    expect(status).toBe(200);
    expect(json.rows).toEqual([{ 'ads.clicks': raw.get('rare-seeds')!.get(META_ACCOUNT) }]);
    const widened = await metrics(token, {
      measures: ['ads.clicks'],
      filters: [{ member: 'account.id', operator: 'in', values: [META_ACCOUNT, '7261940385'] }],
    });
    expect(widened.status).not.toBe(500);
    const clicks = widened.status === 200 ? widened.json.rows!.map((r) => r['ads.clicks']) : [];
    expect(clicks.every((c) => c === raw.get('rare-seeds')!.get(META_ACCOUNT))).toBe(true);
  });

  it('a token for another partner’s tenant, or a body naming a tenant, reads nothing', async () => {
    const foreign = await metrics(await tokenFor('no-such-tenant'), { measures: ['ads.clicks'] });
    expect(foreign.status).toBe(403);
    const named = await metrics(await tokenFor('rare-seeds'), { measures: ['ads.clicks'], tenant: 'nordic-knits' });
    expect(named.status).toBe(400);
    expect(named.text).not.toMatch(/"rows"/);
  });

  it('bad queries get 4xx naming each field, never 500, never SQL', async () => {
    const token = await tokenFor('rare-seeds');
    const cases: [unknown, string[]][] = [
      [{ measures: ['ads.spnd'] }, ['measures[0]']],
      [{ measures: ['ads.clicks'], dimensions: ['campaign.nme'], limit: 0 }, ['dimensions[0]', 'limit']],
      [{ measures: ['ads.clicks'], limit: 50_001 }, ['limit']],
      [{ measures: ['ads.clicks"; drop table x; --'] }, ['measures[0]']],
      [
        { measures: ['ads.clicks'], timeDimension: { dimension: 'date.day', dateRange: ['2026-10-31', '2026-10-01'] } },
        ['timeDimension.dateRange'],
      ],
      [
        { measures: ['ads.clicks'], filters: [{ member: 'ads.clicks', operator: 'contains', values: ['1'] }] },
        ['filters[0]'],
      ],
    ];
    for (const [body, fields] of cases) {
      const { status, text, json } = await metrics(token, body);
      expect(status, text).toBe(400);
      const details = (json.error as { details: { field: string }[] }).details.map((d) => d.field);
      for (const field of fields)
        expect(
          details.some((d) => d.startsWith(field)),
          `${field} in ${text}`,
        ).toBe(true);
      expect(text).not.toMatch(/\bselect\b|\bfrom\b.*\bwhere\b|marts\.|fact_campaign/i);
    }
    // SQL in a value is data, not code: it matches nothing.
    const injected = await metrics(token, {
      measures: ['ads.clicks'],
      filters: [{ member: 'campaign.name', operator: 'equals', values: ["x' or '1'='1"] }],
    });
    expect(injected.status).toBe(200);
    expect(injected.json.rows!.every((r) => (r['ads.clicks'] ?? 0) === 0 || r['ads.clicks'] === null)).toBe(true);
    expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);
  });

  it('serves the schema for the token and reports health', async () => {
    const token = await tokenFor('nordic-knits');
    const schema = await app.request('/api/v1/schema', { headers: { authorization: `Bearer ${token}` } });
    expect(schema.status).toBe(200);
    expect(await schema.text()).toContain('ads.clicks');
    const health = await app.request('/api/v1/health');
    expect(health.status).toBe(200);
  });
});
