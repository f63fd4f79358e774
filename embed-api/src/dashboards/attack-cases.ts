/**
 * Adversarial cases for the dashboard routes (registered in `security/attack-cases.ts`): scope, unknown ids, another
 * tenant's saved views, another partner's tenant's customisation. The world's app does not mount dashboards, so each
 * case builds one over the world's app database and catalog (no warehouse query is made by these routes).
 */
import { createApp } from '../app.js';
import { TEST_MASTER_KEY } from '../auth/testing.js';
import { defaultAppConfig } from '../config/index.js';
import { createMemoryLogger } from '../logger.js';
import type { AttackCase } from '../security/attack-cases.js';
import { VICTIM_TENANT, type World } from '../security/testing/world.js';
import { createDashboardRegistry } from './registry.js';

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const apps = new WeakMap<World, ReturnType<typeof createApp>>();
function dashboardApp(w: World) {
  let app = apps.get(w);
  if (!app) {
    app = createApp({
      semantic: {
        catalog: { version: w.catalog.version },
        schemaFor: () => ({}),
        query: () => Promise.reject(new Error('not used by the dashboard routes')),
      },
      appDb: w.appDb.db,
      clock: () => new Date(),
      logger: createMemoryLogger(),
      config: { ...defaultAppConfig, env: 'test', masterKey: TEST_MASTER_KEY, corsOrigins: [] },
      dashboards: { registry: createDashboardRegistry(w.catalog), catalog: w.catalog },
    });
    apps.set(w, app);
  }
  return app;
}

const get = async (w: World, path: string, token: string) =>
  w.send(dashboardApp(w), path, { headers: { authorization: `Bearer ${token}` } });

export function dashboardAttackCases(): AttackCase[] {
  return [
    {
      id: 'dashboards/outside-scope',
      route: 'GET /api/v1/dashboards/:id',
      attack: 'a token for ["ga4"] opens google-ads, its saved views, and saves a view on it',
      expect: { status: 403, code: 'dashboard_not_allowed' },
      run: async (w) => {
        const token = await w.token({ dashboards: ['ga4'] });
        return [
          await get(w, '/api/v1/dashboards/google-ads', token),
          await get(w, '/api/v1/dashboards/google-ads/views', token),
          await w.send(dashboardApp(w), '/api/v1/dashboards/google-ads/views', {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ name: 'x', state: {} }),
          }),
        ];
      },
    },
    {
      id: 'dashboards/list-scope',
      route: 'GET /api/v1/dashboards',
      attack: 'a token for ["ga4"] lists dashboards: only ga4 comes back',
      expect: { status: 200 },
      run: async (w) => [await get(w, '/api/v1/dashboards', await w.token({ dashboards: ['ga4'] }))],
      check: ([r]) => {
        const ids = (JSON.parse(r!.text) as { dashboards: { id: string }[] }).dashboards.map((d) => d.id);
        check(ids.join() === 'ga4', `listed ${ids.join()}`);
      },
    },
    {
      id: 'dashboards/unknown-ids',
      route: 'GET /api/v1/dashboards/:id',
      attack: 'unknown, traversal-looking and SQL-looking dashboard ids',
      expect: { status: 404 },
      run: async (w) => {
        const token = await w.token();
        return Promise.all(
          ['nope', '..%2Fadmin', "overview'%20or%201=1--", 'OVERVIEW', 'x'.repeat(300)].map((id) =>
            get(w, `/api/v1/dashboards/${id}`, token),
          ),
        );
      },
    },
    {
      id: 'dashboards/foreign-saved-views',
      route: 'GET /api/v1/dashboards/:id/views',
      attack: "another tenant's user with the same sub saves a view; the attacker lists and deletes it by id",
      expect: { status: 404, code: 'unknown_view' },
      run: async (w) => {
        const victim = await w.sign(w.keys.beta, { claims: { tenant: VICTIM_TENANT } });
        const saved = await w.send(dashboardApp(w), '/api/v1/dashboards/overview/views', {
          method: 'POST',
          headers: { authorization: `Bearer ${victim}`, 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'victim view', state: { secret: 'victim-only' } }),
        });
        check(saved.status === 201, `victim could not save: ${saved.status} ${saved.text}`);
        const id = (JSON.parse(saved.text) as { view: { id: string } }).view.id;
        const attacker = await w.token();
        const list = await get(w, '/api/v1/dashboards/overview/views', attacker);
        check(list.status === 200 && !list.text.includes('victim'), `attacker saw ${list.text}`);
        const deleted = await w.send(dashboardApp(w), `/api/v1/dashboards/overview/views/${id}/delete`, {
          method: 'POST',
          headers: { authorization: `Bearer ${attacker}` },
        });
        const still = await get(w, '/api/v1/dashboards/overview/views', victim);
        check(still.text.includes('victim view'), 'the victim view was deleted by the attacker');
        return [deleted];
      },
    },
    {
      id: 'dashboards/customise-foreign-tenant',
      route: 'PUT /api/v1/admin/tenants/:tenantId/dashboards/:id',
      attack: "partner alpha's API key customises partner beta's tenant",
      viewer: 'partner',
      expect: { status: 404, code: 'unknown_tenant' },
      run: async (w) => [
        await w.send(dashboardApp(w), `/api/v1/admin/tenants/${VICTIM_TENANT}/dashboards/overview`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${w.apiKeys.alpha}`, 'content-type': 'application/json' },
          body: JSON.stringify({ hidden: ['spend'] }),
        }),
        await w.send(dashboardApp(w), `/api/v1/admin/tenants/${VICTIM_TENANT}/dashboards/overview`, {
          headers: { authorization: `Bearer ${w.apiKeys.alpha}` },
        }),
      ],
    },
  ];
}
