/**
 * `POST /api/v1/agents/query` through the real app, semantic layer and test warehouse (`MIQ_WAREHOUSE_DIR`).
 * Expected numbers come from plain SQL over the tenant's raw Fivetran tables, never from the API.
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
import type { AgentQueryResponse } from './schemas.js';

const META_ACCOUNT = '120208455931760418';

function warehouseDir(): string {
  const dir = process.env.MIQ_WAREHOUSE_DIR;
  if (!dir || !existsSync(join(dir, 'semantic_manifest.json'))) {
    throw new Error('MIQ_WAREHOUSE_DIR must point at a built warehouse: `scripts/warehouse.sh test 0.02`.');
  }
  return dir;
}

async function rawSql(dir: string, tenant: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(join(dir, tenant, 'raw.duckdb'), { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('agents query route over the test warehouse', () => {
  const dir = warehouseDir();
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { end_date: string };
  const end = manifest.end_date;
  const from = `${end.slice(0, 7)}-01`;
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

  async function ask(question: string, extra: Partial<TenantTokenClaims> = {}, tenant = 'rare-seeds', body?: unknown) {
    const token = await mintTenantToken({
      partnerId: demo.partnerId,
      kid: demo.kid,
      alg: demo.alg,
      key: await importJWK(demo.privateJwk, demo.alg),
      claims: { sub: 'agents-e2e', tenant, dashboards: ['*'], ...extra },
    });
    const res = await app.request('/api/v1/agents/query', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? { question }),
    });
    return { status: res.status, json: (await res.json()) as AgentQueryResponse & { error?: unknown } };
  }

  const rawClicks = async (tenant: string) => {
    const rows = await rawSql(
      dir,
      tenant,
      `select 'google_ads' as p, sum(clicks)::bigint as v from google_ads.campaign_stats
         where date between '${from}' and '${end}'
       union all
       select 'meta', sum(inline_link_clicks)::bigint from facebook_ads.ad_device_report
         where date between '${from}' and '${end}'`,
    );
    return Object.fromEntries(rows.map((r) => [r.p as string, Number(r.v)]));
  };

  it('answers "clicks by platform" with the raw numbers, the query that ran and a bar chart', async () => {
    const { status, json } = await ask(`clicks by platform from ${from} to ${end}`);
    expect(status).toBe(200);
    expect(json.kind).toBe('answer');
    if (json.kind !== 'answer') return;
    const got = Object.fromEntries(json.rows.map((r) => [r['platform.code'] as string, r['ads.clicks']]));
    expect(got).toEqual(await rawClicks('rare-seeds'));
    expect(json.query.dimensions).toEqual(['platform.code']);
    expect(json.query.timeDimension?.dateRange).toEqual([from, end]);
    expect((json.chart as { mark: string }).mark).toBe('bar');
  });

  it('the sentence carries the key number in the tenant currency (USD)', async () => {
    const [row] = await rawSql(
      dir,
      'rare-seeds',
      `select (select sum(cost_micros) / 1e6 from google_ads.campaign_stats where date between '${from}' and '${end}')
            + (select sum(spend) from facebook_ads.ad_device_report where date between '${from}' and '${end}') as v`,
    );
    const { json } = await ask(`How much did we spend from ${from} to ${end}?`);
    expect(json.kind).toBe('answer');
    if (json.kind !== 'answer') return;
    const expected = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(Number(row?.v));
    expect(json.sentence).toContain(expected);
    expect(json.chart).toBeNull();
  });

  it('formats a EUR tenant in euros', async () => {
    const { json } = await ask('spend last month', {}, 'nordic-knits');
    expect(json.kind).toBe('answer');
    if (json.kind !== 'answer') return;
    expect(json.sentence).toMatch(/€/);
  });

  it('locked filters apply to questions: a Meta-only token sees Meta numbers and Meta campaigns only', async () => {
    const locked = { filters: { 'account.id': [META_ACCOUNT] } };
    const { json } = await ask(`clicks by platform from ${from} to ${end}`, locked);
    expect(json.kind).toBe('answer');
    if (json.kind !== 'answer') return;
    expect(json.rows.map((r) => [r['platform.code'], r['ads.clicks']])).toEqual([
      ['meta', (await rawClicks('rare-seeds')).meta],
    ]);
    const metaCampaigns = new Set(
      (await rawSql(dir, 'rare-seeds', `select distinct name from facebook_ads.campaign_history`)).map((r) => r.name),
    );
    const top = await ask('top 10 campaigns by clicks last 90 days', locked);
    expect(top.json.kind).toBe('answer');
    if (top.json.kind !== 'answer') return;
    expect(top.json.rows.length).toBeGreaterThan(0);
    for (const r of top.json.rows) expect(metaCampaigns.has(r['campaign.name'])).toBe(true);
    // A Google campaign name is not among this token's entities: refused, not answered with another number.
    const google = await ask('spend for Search - Herb Seeds last month', locked);
    expect(google.json.kind).toBe('refusal');
  });

  it('never reaches another tenant: a rare-seeds token asking for a nordic-knits account is refused', async () => {
    const { json } = await ask('spend for Nordic Knits DE last month');
    expect(json.kind).toBe('refusal');
    const tenant = await ask('show spend for tenant nordic-knits');
    expect(tenant.json.kind).toBe('refusal');
  });

  it('an unanswerable question gets the clear refusal and the closest supported questions', async () => {
    const { status, json } = await ask('What was our profit margin last month?');
    expect(status).toBe(200);
    expect(json.kind).toBe('refusal');
    if (json.kind !== 'refusal') return;
    expect(json.message).toBe("I can't answer that yet.");
    expect(json.suggestions.length).toBeGreaterThan(0);
  });

  it('a body naming a tenant or anything else is a 400; an empty question too', async () => {
    expect((await ask('', {}, 'rare-seeds', { question: 'spend', tenant: 'nordic-knits' })).status).toBe(400);
    expect((await ask('', {}, 'rare-seeds', { question: '   ' })).status).toBe(400);
  });
});
