import { importJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tenantsJson from '../../../dbt/generator/tenants.json' with { type: 'json' };
import type { AppDb } from '../app-db/app-db.js';
import { listEmbedKeys } from '../app-db/embed-keys.js';
import { migrateAppDb } from '../app-db/migrate.js';
import { createPgliteAppDb } from '../app-db/pglite/index.js';
import { findTenant } from '../app-db/tenants.js';
import { mintTenantToken } from '../auth/mint-tenant-token.js';
import { createTestApp } from '../routes/test-app.js';
import { parseDemoTenants } from './demo-tenants.js';
import { type DemoPartnerFile, seedDemo } from './seed-demo.js';

describe('demo seeding', () => {
  let appDb: AppDb;
  beforeAll(async () => {
    appDb = await createPgliteAppDb();
    await migrateAppDb(appDb.db);
  });
  afterAll(() => appDb?.close());

  const tenants = parseDemoTenants(tenantsJson);
  const now = new Date('2026-11-25T16:00:00Z');

  it('reads every demo tenant from tenants.json', () => {
    expect(tenants.map((t) => t.id)).toEqual(tenantsJson.tenants.map((t) => t.id));
    expect(tenants.find((t) => t.id === 'kiwi-outdoors')).toEqual({
      id: 'kiwi-outdoors',
      name: 'Kiwi Outdoors',
      reportingCurrency: 'NZD',
      timeZone: 'Pacific/Auckland',
    });
    expect(() =>
      parseDemoTenants({ tenants: [{ id: 'Bad Id', name: 'x', reporting_currency: 'USD', time_zone: 'UTC' }] }),
    ).toThrow(/tenants\.0\.id/);
  });

  let first: DemoPartnerFile;
  it('seeds the partner, tenants at their own locations, and a working Ed25519 key', async () => {
    first = await seedDemo(appDb.db, { tenants, now });
    expect(first).toMatchObject({ partnerId: 'demo-partner', alg: 'EdDSA', tenants: tenants.map((t) => t.id) });
    expect(first.privateJwk.d).toBeTruthy();
    expect(await findTenant(appDb.db, 'rare-seeds')).toMatchObject({
      partner_id: 'demo-partner',
      warehouse_location: 'rare-seeds',
      reporting_currency: 'USD',
      time_zone: 'America/Chicago',
    });
    const [key] = await listEmbedKeys(appDb.db, 'demo-partner');
    expect(key?.public_jwk).not.toContain('"d"');

    const token = await mintTenantToken({
      partnerId: first.partnerId,
      kid: first.kid,
      alg: first.alg,
      key: await importJWK(first.privateJwk, first.alg),
      claims: { sub: 'demo-user', tenant: 'nordic-knits', dashboards: ['*'] },
    });
    const { app, semantic } = createTestApp(appDb.db);
    const res = await app.request('/api/v1/schema', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(semantic.calls[0]?.scope).toMatchObject({ tenantId: 'nordic-knits', warehouseLocation: 'nordic-knits' });
  });

  it('keeps the key on a re-seed, and replaces (revoking the old) when the file was lost', async () => {
    const again = await seedDemo(appDb.db, { tenants, previous: first, now });
    expect(again.kid).toBe(first.kid);
    const fresh = await seedDemo(appDb.db, { tenants, previous: undefined, now });
    expect(fresh.kid).not.toBe(first.kid);
    const keys = await listEmbedKeys(appDb.db, 'demo-partner');
    expect(Object.fromEntries(keys.map((k) => [k.kid, k.status]))).toEqual({
      [first.kid]: 'revoked',
      [fresh.kid]: 'active',
    });
  });
});
