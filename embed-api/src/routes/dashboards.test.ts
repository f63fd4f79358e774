/**
 * Dashboard routes over the repository's catalog (MIQ_WAREHOUSE_DIR, default data/test): the list and the resolved
 * document per token, 403/404, the `dashboards` claim bounding members, the partner's per-tenant customisation and
 * saved views per end user — each isolated from the other tenant and the other user.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ops from '../admin/operations.js';
import type { AppDb } from '../app-db/app-db.js';
import { migrateAppDb } from '../app-db/migrate.js';
import { createPgliteAppDb } from '../app-db/pglite/index.js';
import { createAuditWriter } from '../audit/index.js';
import { dashboardMembersResolver } from '../auth/dashboards.js';
import { mintTenantToken, type TenantTokenClaims } from '../auth/index.js';
import { createLocalRevocationBus } from '../auth/revocation.js';
import { registerTestKey, seedTestTenancy, TEST_MASTER_KEY, type TestSigningKey } from '../auth/testing.js';
import { createDashboardRegistry, type DashboardRegistry } from '../dashboards/registry.js';
import { createMemoryLogger } from '../logger.js';
import { loadCatalog } from '../semantic/index.js';
import { createTestApp } from './test-app.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in assertions
type Json = any;

const dir = path.resolve(import.meta.dirname, '../../..', process.env.MIQ_WAREHOUSE_DIR ?? 'data/test');
const catalog = loadCatalog(JSON.parse(readFileSync(path.join(dir, 'semantic_manifest.json'), 'utf8')));

describe('dashboard routes', () => {
  let appDb: AppDb;
  let key: TestSigningKey;
  let apiKey: string;
  let otherApiKey: string;
  let registry: DashboardRegistry;
  let t: ReturnType<typeof createTestApp>;

  beforeAll(async () => {
    appDb = await createPgliteAppDb();
    await migrateAppDb(appDb.db);
    await seedTestTenancy(appDb.db);
    key = await registerTestKey(appDb.db, 'p-one', 'EdDSA');
    const operator: ops.AdminContext = {
      db: appDb.db,
      audit: createAuditWriter({ db: appDb.db, logger: createMemoryLogger() }),
      revocations: createLocalRevocationBus(),
      clock: () => new Date(),
      masterKey: TEST_MASTER_KEY,
      jwksTestAllowHosts: [],
      actor: { kind: 'operator' },
    };
    apiKey = (await ops.createApiKey(operator, 'p-one')).key;
    otherApiKey = (await ops.createApiKey(operator, 'p-two')).key;
    registry = createDashboardRegistry(catalog);
    t = createTestApp(appDb.db, {
      dashboards: { registry, catalog },
      dashboardMembers: dashboardMembersResolver((id) => registry.membersOf(id)),
    });
  });
  afterAll(async () => {
    await t?.app.close();
    await appDb?.close();
  });

  const token = (claims: Partial<TenantTokenClaims> = {}) =>
    mintTenantToken({
      partnerId: 'p-one',
      kid: key.kid,
      alg: key.alg,
      key: key.privateKey,
      claims: { sub: 'user-a', tenant: 'acme', dashboards: ['*'], ...claims },
    });
  async function get(p: string, tok: string) {
    const res = await t.app.request(`/api/v1${p}`, { headers: { authorization: `Bearer ${tok}` } });
    return { status: res.status, body: (await res.json()) as Json };
  }
  async function post(p: string, tok: string, body?: unknown) {
    const res = await t.app.request(`/api/v1${p}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  }
  async function admin(method: string, p: string, body?: unknown, k = apiKey) {
    const res = await t.app.request(`/api/v1/admin${p}`, {
      method,
      headers: { authorization: `Bearer ${k}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Json };
  }

  it('lists the 18 dashboards for ["*"] and only the named ones otherwise', async () => {
    const all = await get('/dashboards', await token());
    expect(all.status).toBe(200);
    expect(all.body.dashboards.map((d: { id: string }) => d.id).sort()).toEqual(
      [
        'overview',
        'google-ads',
        'meta-ads',
        'ga4',
        'klaviyo',
        'ecommerce',
        'budget-pacing',
        'bid-strategy',
        'search-terms',
        'creative',
        'video',
        'audiences',
        'dayparting',
        'channel-mix',
        'email-campaigns',
        'lifecycle-flows',
        'list-growth',
        'anomalies',
      ].sort(),
    );
    const two = await get('/dashboards', await token({ dashboards: ['ga4', 'klaviyo'] }));
    expect(two.body.dashboards.map((d: { id: string }) => d.id)).toEqual(['ga4', 'klaviyo']);
  });

  it('resolves a document for the token tenant: currency, time zone, locked filters', async () => {
    const acme = await get('/dashboards/google-ads', await token({ filters: { 'account.id': ['123'] } }));
    expect(acme.status).toBe(200);
    expect(acme.body).toMatchObject({ id: 'google-ads', currency: 'USD', lockedFilters: { 'account.id': ['123'] } });
    expect(typeof acme.body.timeZone).toBe('string');
    const zenith = await get('/dashboards/google-ads', await token({ tenant: 'zenith' }));
    expect(zenith.body.currency).toBe('NZD');
  });

  it('404 for an unknown id, 403 outside the token scope', async () => {
    const unknown = await get('/dashboards/nope', await token());
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.details[0].code).toBe('unknown_dashboard');
    const outside = await get('/dashboards/ga4', await token({ dashboards: ['google-ads'] }));
    expect(outside.status).toBe(403);
    expect(outside.body.error.details[0].code).toBe('dashboard_not_allowed');
    const views = await get('/dashboards/ga4/views', await token({ dashboards: ['google-ads'] }));
    expect(views.status).toBe(403);
  });

  it('a dashboards claim bounds the members the token may query to those dashboards', async () => {
    t.semantic.calls.length = 0;
    await post('/metrics', await token({ dashboards: ['klaviyo'] }), { measures: ['email_campaigns.revenue'] });
    const allowed = t.semantic.calls.at(-1)?.scope.allowedMembers;
    expect(allowed?.has('email_campaigns.revenue')).toBe(true);
    expect(allowed?.has('ads.spend')).toBe(false);
    expect([...(allowed ?? [])].sort()).toEqual([...(registry.membersOf('klaviyo') ?? [])].sort());
  });

  it('customisation for one tenant hides, renames, re-orders and adds panels; the other tenant is unchanged', async () => {
    const put = await admin('PUT', '/tenants/acme/dashboards/google-ads', {
      hidden: ['cpc'],
      titles: { spend: 'Cost' },
      order: ['roas', 'spend'],
      added: [{ id: 'video-views', type: 'kpi', title: 'Video views', query: { measures: ['ads.video_views'] } }],
      defaultFilters: { dateRange: 'last 7 days' },
    });
    expect(put.status).toBe(200);
    const acme = (await get('/dashboards/google-ads', await token())).body;
    const ids = acme.panels.map((p: { id: string }) => p.id);
    expect(ids).not.toContain('cpc');
    expect(ids.slice(0, 2)).toEqual(['roas', 'spend']);
    expect(ids).toContain('video-views');
    expect(acme.panels.find((p: { id: string }) => p.id === 'spend').title).toBe('Cost');
    expect(acme.defaultFilters).toEqual({ dateRange: 'last 7 days' });
    const zenith = (await get('/dashboards/google-ads', await token({ tenant: 'zenith' }))).body;
    expect(zenith.panels.map((p: { id: string }) => p.id)).toEqual(registry.get('google-ads')!.panels.map((p) => p.id));
    expect(zenith.panels.find((p: { id: string }) => p.id === 'spend').title).toBe('Spend');
    expect(zenith.customised).toBe(false);
  });

  it('customisation is validated: unknown panels and members named, other partners refused', async () => {
    const bad = await admin('PUT', '/tenants/acme/dashboards/ga4', {
      hidden: ['nope'],
      added: [{ id: 'x', type: 'kpi', title: 'X', query: { measures: ['ads.nope'] } }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual(['hidden[0]', 'added[0]']);
    expect(bad.body.error.details[1].message).toContain('ads.nope');
    const foreign = await admin('PUT', '/tenants/acme/dashboards/ga4', { hidden: ['sessions'] }, otherApiKey);
    expect(foreign.status).toBe(404);
    const unknownDash = await admin('GET', '/tenants/acme/dashboards/nope');
    expect(unknownDash.status).toBe(404);
  });

  it('saved views belong to one end user of one tenant', async () => {
    const a = await token({ sub: 'user-a' });
    const saved = await post('/dashboards/overview/views', a, {
      name: 'Mobile',
      state: { selections: { device: ['mobile'] } },
    });
    expect(saved.status).toBe(201);
    expect((await get('/dashboards/overview/views', a)).body.views.map((v: { name: string }) => v.name)).toEqual([
      'Mobile',
    ]);
    // another user of the same tenant, and the same sub in another tenant, see none and cannot delete it
    const b = await token({ sub: 'user-b' });
    expect((await get('/dashboards/overview/views', b)).body.views).toEqual([]);
    const sameSubOtherTenant = await token({ sub: 'user-a', tenant: 'zenith' });
    expect((await get('/dashboards/overview/views', sameSubOtherTenant)).body.views).toEqual([]);
    expect((await post(`/dashboards/overview/views/${saved.body.view.id}/delete`, b)).status).toBe(404);
    expect((await post(`/dashboards/overview/views/${saved.body.view.id}/delete`, sameSubOtherTenant)).status).toBe(
      404,
    );
    expect((await get('/dashboards/overview/views', a)).body.views).toHaveLength(1);
    expect((await post(`/dashboards/overview/views/${saved.body.view.id}/delete`, a)).status).toBe(200);
    expect((await get('/dashboards/overview/views', a)).body.views).toEqual([]);
    const invalid = await post('/dashboards/overview/views', a, { name: '', state: 'x' });
    expect(invalid.status).toBe(400);
  });
});
