import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDb } from '../app-db/app-db.js';
import { migrateAppDb } from '../app-db/migrate.js';
import { createPgliteAppDb } from '../app-db/pglite/index.js';
import { mintTenantToken } from '../auth/mint-tenant-token.js';
import { registerTestKey, seedTestTenancy } from '../auth/testing.js';
import { createTestApp } from './test-app.js';

describe('CORS headers on real (non-preflight) requests', () => {
  let appDb: AppDb;
  let token: string;

  beforeAll(async () => {
    appDb = await createPgliteAppDb();
    await migrateAppDb(appDb.db);
    await seedTestTenancy(appDb.db);
    const key = await registerTestKey(appDb.db, 'p-one', 'EdDSA');
    token = await mintTenantToken({
      partnerId: 'p-one',
      kid: key.kid,
      alg: key.alg,
      key: key.privateKey,
      claims: { sub: 'u', tenant: 'acme', dashboards: ['*'] },
    });
  });
  afterAll(() => appDb?.close());

  const post = (app: ReturnType<typeof createTestApp>['app'], headers: Record<string, string>) =>
    app.request('/api/v1/metrics', {
      method: 'POST',
      body: JSON.stringify({ measures: ['ads.spend'] }),
      headers: { 'content-type': 'application/json', ...headers },
    });

  it('adds Allow-Origin, Expose-Headers and Vary to a 200 and keeps the handler’s own headers', async () => {
    const { app } = createTestApp(appDb.db);
    const res = await post(app, { authorization: `Bearer ${token}`, origin: 'https://host.example' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toBe('X-Request-Id,Retry-After');
    expect(res.headers.get('vary')).toBe('Origin');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(await res.json()).toEqual({ echo: 'acme' });
  });

  it('adds them to error answers too, so a browser can read the error', async () => {
    const { app } = createTestApp(appDb.db);
    const res = await post(app, { origin: 'https://host.example' });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toBe('X-Request-Id,Retry-After');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('echoes only a configured origin', async () => {
    const { app } = createTestApp(appDb.db, { config: { corsOrigins: ['https://partner.example'] } });
    const ok = await post(app, { authorization: `Bearer ${token}`, origin: 'https://partner.example' });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://partner.example');
    expect(ok.headers.get('vary')).toBe('Origin');
    const evil = await post(app, { authorization: `Bearer ${token}`, origin: 'https://evil.example' });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const none = await post(app, { authorization: `Bearer ${token}` });
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
  });
});
