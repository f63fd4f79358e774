import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDb } from '../app-db/app-db.js';
import { migrateAppDb } from '../app-db/migrate.js';
import { createPgliteAppDb } from '../app-db/pglite/index.js';
import { mintTenantToken } from '../auth/mint-tenant-token.js';
import { registerTestKey, seedTestTenancy } from '../auth/testing.js';
import { createTestApp, recordingSemantic } from './test-app.js';

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

  it('over a real Node server: the cached-text answer and an error carry the same request id, CORS and own headers', async () => {
    // A semantic layer with `queryText` (as the cached layer has): the route then answers with `respondText`, whose
    // headers are one plain object, and reads request headers from Node's parsed headers.
    const semantic = Object.assign(recordingSemantic(), {
      queryText: async (_tier: string, body: unknown) => JSON.stringify({ text: body }),
    });
    const { app } = createTestApp(appDb.db, { semantic, config: { corsOrigins: ['https://partner.example'] } });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as { port: number };
    try {
      const send = (headers: Record<string, string>) =>
        fetch(`http://127.0.0.1:${port}/api/v1/metrics`, {
          method: 'POST',
          body: JSON.stringify({ measures: ['ads.spend'] }),
          headers: { 'content-type': 'application/json', ...headers },
        });
      const ok = await send({
        authorization: `Bearer ${token}`,
        origin: 'https://partner.example',
        'x-request-id': 'trace-abc_123',
      });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ text: { measures: ['ads.spend'] } });
      expect(
        Object.fromEntries([...ok.headers].filter(([k]) => !['date', 'connection', 'keep-alive'].includes(k))),
      ).toEqual({
        'access-control-allow-origin': 'https://partner.example',
        'access-control-expose-headers': 'X-Request-Id,Retry-After',
        'cache-control': 'private, no-store',
        'content-length': expect.any(String),
        'content-type': 'application/json',
        vary: 'Origin',
        'x-request-id': 'trace-abc_123',
      });
      // A malformed incoming id is replaced; a refused request gets the same edge headers.
      const refused = await send({ origin: 'https://partner.example', 'x-request-id': 'bad id\u00e9' });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(refused.headers.get('access-control-allow-origin')).toBe('https://partner.example');
      expect(refused.headers.get('vary')).toBe('Origin');
      const wrongType = await send({ authorization: `Bearer ${token}`, 'content-type': 'text/plain' });
      expect(wrongType.status).toBe(415);
    } finally {
      server.close();
    }
  });
});
