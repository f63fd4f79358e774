import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDb } from '../app-db/app-db.js';
import { migrateAppDb } from '../app-db/migrate.js';
import { createPgliteAppDb } from '../app-db/pglite/index.js';
import { mintTenantToken } from '../auth/mint-tenant-token.js';
import { registerTestKey, seedTestTenancy } from '../auth/testing.js';
import { MiqError } from '../errors/index.js';
import { createTestApp, recordingSemantic } from './test-app.js';

const MB = 1024 * 1024;

describe('HTTP behaviour of the data routes', () => {
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

  const post = (
    app: ReturnType<typeof createTestApp>['app'],
    body: BodyInit | null,
    headers: Record<string, string> = {},
  ) =>
    app.request('/api/v1/metrics', {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    });

  async function errorOf(res: Response) {
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    return (
      (await res.json()) as { error: { code: string; message: string; details: { field: string; code: string }[] } }
    ).error;
  }

  it('passes a JSON query, the tenant scope and the client’s abort signal to the semantic layer', async () => {
    const { app, semantic } = createTestApp(appDb.db);
    const res = await post(app, JSON.stringify({ measures: ['ads.spend'] }));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(semantic.calls[0]).toMatchObject({ kind: 'query', body: { measures: ['ads.spend'] } });
    expect(semantic.calls[0]!.signal).toBeInstanceOf(AbortSignal);
  });

  it('refuses malformed JSON with 400', async () => {
    const { app, semantic } = createTestApp(appDb.db);
    for (const body of ['{"measures": [', 'null x', '', "{'single': 1}"]) {
      const res = await post(app, body);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('malformed_json');
    }
    expect(semantic.calls).toHaveLength(0);
  });

  it('refuses a body that is not UTF-8, or not an object', async () => {
    const { app } = createTestApp(appDb.db);
    const latin1 = await post(app, new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]));
    expect(latin1.status).toBe(400);
    expect((await errorOf(latin1)).details[0]?.code).toBe('invalid_utf8');
    for (const body of ['[1,2]', '"x"', '42', 'null']) {
      const res = await post(app, body);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).details[0]).toMatchObject({ field: '(body)', code: 'invalid_type' });
    }
  });

  it('refuses a non-JSON content type with 415', async () => {
    const { app } = createTestApp(appDb.db);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await post(app, '{}', { 'content-type': type });
      expect(res.status).toBe(415);
      expect((await errorOf(res)).code).toBe('unsupported_media_type');
    }
    const none = await app.request('/api/v1/metrics', {
      method: 'POST',
      body: new Blob(['{}']),
      headers: { authorization: `Bearer ${token}` },
    });
    expect(none.status).toBe(415);
    expect((await post(app, '{}', { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
  });

  it('answers a 10 MB streamed body with 413 after reading little more than the limit', async () => {
    const { app, semantic } = createTestApp(appDb.db);
    let pulled = 0;
    const chunk = new TextEncoder().encode(`{"measures":["${'a'.repeat(64 * 1024 - 20)}"],`);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 10 * MB) return controller.close();
        pulled += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await app.request(
      new Request('http://localhost/api/v1/metrics', {
        method: 'POST',
        body: stream,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        duplex: 'half',
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(await errorOf(res)).toMatchObject({
      code: 'payload_too_large',
      details: [{ field: '(body)', code: 'too_large' }],
    });
    expect(pulled).toBeLessThan(1.5 * MB);
    expect(semantic.calls).toHaveLength(0);
  });

  it('answers a declared 10 MB body with 413 before reading it', async () => {
    const { app } = createTestApp(appDb.db);
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const res = await app.request(
      new Request('http://localhost/api/v1/metrics', {
        method: 'POST',
        body: stream,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': String(10 * MB),
        },
        duplex: 'half',
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it('accepts a body just under the configured limit', async () => {
    const { app } = createTestApp(appDb.db, { config: { bodyLimitBytes: 4096 } });
    const padded = JSON.stringify({ measures: ['ads.spend'], pad: 'x'.repeat(4000) });
    expect((await post(app, padded)).status).toBe(200);
    expect((await post(app, JSON.stringify({ pad: 'x'.repeat(5000) }))).status).toBe(413);
  });

  it('passes the semantic layer’s validation errors through as 400 with every field named', async () => {
    const semantic = recordingSemantic(() => {
      throw new MiqError('validation_failed', {
        details: [
          { field: 'measures[0]', code: 'unknown_member', message: 'Unknown member "ads.spnd"' },
          { field: 'limit', code: 'out_of_range', message: 'limit must be between 1 and 50000' },
        ],
      });
    });
    const { app } = createTestApp(appDb.db, { semantic });
    const res = await post(app, JSON.stringify({ measures: ['ads.spnd'], limit: 0 }));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details.map((d) => d.field)).toEqual(['measures[0]', 'limit']);
  });

  it('answers an unexpected failure with a bare 500 and logs the cause (SQL never reaches the client)', async () => {
    const sqlText = 'SELECT sum("spend") FROM "acme-dir".marts.fact_campaign_performance_daily WHERE x = $1';
    const semantic = recordingSemantic(() => {
      throw new Error(`Binder Error: column not found in ${sqlText}`);
    });
    const { app, logger } = createTestApp(appDb.db, { semantic });
    const res = await post(app, JSON.stringify({ measures: ['ads.spend'] }));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'internal', message: 'Something went wrong on our side. It has been logged.', details: [] },
    });
    expect(text).not.toMatch(/select|from|binder|acme-dir/i);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const logged = logger.entries.find((e) => e.level === 'error');
    expect(JSON.stringify(logged)).toContain('Binder Error');
    expect(logged?.fields.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('answers 499 when the client went away and the query was aborted', async () => {
    let markStarted!: () => void;
    const started = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    const semantic = recordingSemantic(
      (call) =>
        new Promise((_, reject) => {
          markStarted();
          call.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const { app } = createTestApp(appDb.db, { semantic });
    const controller = new AbortController();
    const pending = app.request(
      new Request('http://localhost/api/v1/metrics', {
        method: 'POST',
        body: '{"measures":["ads.spend"]}',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        signal: controller.signal,
      }),
    );
    await started;
    controller.abort();
    const res = await pending;
    expect(semantic.calls[0]!.signal?.aborted).toBe(true);
    expect(res.status).toBe(499);
  });

  it('answers CORS preflights for the configured origins only', async () => {
    const preflight = (app: ReturnType<typeof createTestApp>['app'], origin: string) =>
      app.request('/api/v1/metrics', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
      });
    const open = createTestApp(appDb.db);
    const any = await preflight(open.app, 'https://host.example');
    expect(any.status).toBe(204);
    expect(any.headers.get('access-control-allow-origin')).toBe('*');
    expect(any.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    const strict = createTestApp(appDb.db, { config: { corsOrigins: ['https://partner.example'] } });
    expect((await preflight(strict.app, 'https://partner.example')).headers.get('access-control-allow-origin')).toBe(
      'https://partner.example',
    );
    expect((await preflight(strict.app, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers unknown routes with a JSON 404', async () => {
    const { app } = createTestApp(appDb.db);
    const res = await app.request('/api/v1/nope');
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe('not_found');
  });

  it('reports health without a token: 200 when both stores answer, 503 when the warehouse does not', async () => {
    const ok = createTestApp(appDb.db, { checkWarehouse: async () => {} });
    const healthy = await ok.app.request('/api/v1/health');
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toMatchObject({
      status: 'ok',
      catalogVersion: 'test-catalog',
      checks: { appDb: { status: 'ok' }, warehouse: { status: 'ok' } },
    });

    const down = createTestApp(appDb.db, {
      checkWarehouse: async () => {
        throw new Error('IO Error: Cannot open file "/secret/path/marts.duckdb"');
      },
    });
    const unhealthy = await down.app.request('/api/v1/health');
    expect(unhealthy.status).toBe(503);
    const text = await unhealthy.text();
    expect(JSON.parse(text)).toMatchObject({ status: 'unavailable', checks: { warehouse: { status: 'error' } } });
    expect(text).not.toContain('/secret/path');
    expect(JSON.stringify(down.logger.entries)).toContain('/secret/path');

    const slow = createTestApp(appDb.db, {
      config: { healthTimeoutMs: 20 },
      checkWarehouse: () => new Promise((resolve) => setTimeout(resolve, 500)),
    });
    const timedOut = await slow.app.request('/api/v1/health');
    expect(timedOut.status).toBe(503);
    expect(await timedOut.json()).toMatchObject({ checks: { warehouse: { status: 'timeout' } } });
  });
});
