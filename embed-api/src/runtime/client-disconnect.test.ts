/** Over a real socket (the Node adapter the entry uses): a client that hangs up aborts the semantic query. */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDb } from '../app-db/app-db.js';
import { migrateAppDb } from '../app-db/migrate.js';
import { createPgliteAppDb } from '../app-db/pglite/index.js';
import { mintTenantToken } from '../auth/mint-tenant-token.js';
import { registerTestKey, seedTestTenancy } from '../auth/testing.js';
import { createTestApp, recordingSemantic } from '../routes/test-app.js';

describe('client disconnect over HTTP', () => {
  let appDb: AppDb;
  let token: string;
  beforeAll(async () => {
    appDb = await createPgliteAppDb();
    await migrateAppDb(appDb.db);
    await seedTestTenancy(appDb.db);
    const key = await registerTestKey(appDb.db, 'p-one', 'ES256');
    token = await mintTenantToken({
      partnerId: 'p-one',
      kid: key.kid,
      alg: key.alg,
      key: key.privateKey,
      claims: { sub: 'u', tenant: 'acme', dashboards: ['*'] },
    });
  });
  afterAll(() => appDb?.close());

  it('aborts the signal the semantic layer received when the socket closes mid-query', async () => {
    let markStarted!: () => void;
    const started = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    let markAborted!: (reason: unknown) => void;
    const aborted = new Promise<unknown>((resolve) => {
      markAborted = resolve;
    });
    const semantic = recordingSemantic(
      (call) =>
        new Promise((_, reject) => {
          call.signal?.addEventListener('abort', () => {
            markAborted(call.signal?.reason);
            reject(new Error('interrupted'));
          });
          markStarted();
        }),
    );
    const { app } = createTestApp(appDb.db, { semantic });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const body = JSON.stringify({ measures: ['ads.spend'] });
      const req = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/metrics',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': body.length,
        },
      });
      req.on('error', () => {});
      req.end(body);
      await started;
      expect(semantic.calls[0]?.signal?.aborted).toBe(false);
      req.destroy();
      await aborted;
      expect(semantic.calls[0]?.signal?.aborted).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
