// The partner admin client against the protocol test server (the API's /api/v1/admin routes are issue 6's work).
import { afterEach, describe, expect, it } from 'vitest';
import { MiqServerError, MiqValidationError } from '../errors/index.js';
import { apiError, json, type ProtocolServer, startProtocolServer } from '../testing/protocol-server.js';
import { createAdminClient } from './index.js';

let server: ProtocolServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('createAdminClient (protocol test server)', () => {
  it('sends each method to its route with the API key and JSON body', async () => {
    server = await startProtocolServer((req, res) => json(res, 200, { echo: `${req.method} ${req.url}` }));
    const admin = createAdminClient({ baseUrl: server.url, apiKey: 'pk_test_123' });
    expect(await admin.tenants.list()).toEqual({ echo: 'GET /api/v1/admin/tenants' });
    await admin.tenants.update('rare-seeds', { name: 'Rare Seeds', reportingCurrency: 'EUR' });
    await admin.keys.create({ alg: 'HS256' });
    await admin.keys.list();
    await admin.keys.rotate('kid/1');
    await admin.keys.revoke('kid-1');
    await admin.jwks.register('https://acme.example/jwks.json');
    await admin.audit.list({ limit: 50, cursor: undefined });
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/v1/admin/tenants',
      'PATCH /api/v1/admin/tenants/rare-seeds',
      'POST /api/v1/admin/keys',
      'GET /api/v1/admin/keys',
      'POST /api/v1/admin/keys/kid%2F1/rotate',
      'POST /api/v1/admin/keys/kid-1/revoke',
      'PUT /api/v1/admin/jwks',
      'GET /api/v1/admin/audit?limit=50',
    ]);
    expect(server.requests.every((r) => r.headers.authorization === 'Bearer pk_test_123')).toBe(true);
    expect(JSON.parse(server.requests[1]!.body)).toEqual({ name: 'Rare Seeds', reportingCurrency: 'EUR' });
    expect(JSON.parse(server.requests[6]!.body)).toEqual({ url: 'https://acme.example/jwks.json' });
  });

  it('never retries creating a key (not idempotent), but retries a read', async () => {
    let tenantsCalls = 0;
    server = await startProtocolServer((req, res) => {
      const unavailable = () => json(res, 503, apiError('warehouse_unavailable', 'x'), { 'retry-after': '0' });
      if (req.url.endsWith('/keys')) return unavailable();
      return ++tenantsCalls === 1 ? unavailable() : json(res, 200, { tenants: [] });
    });
    const admin = createAdminClient({ baseUrl: server.url, apiKey: 'k' });
    await expect(admin.keys.create({ alg: 'EdDSA' })).rejects.toBeInstanceOf(MiqServerError);
    expect(server.requests).toHaveLength(1);
    expect(await admin.tenants.list()).toEqual({ tenants: [] });
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/v1/admin/keys',
      '/api/v1/admin/tenants',
      '/api/v1/admin/tenants',
    ]);
  });

  it('surfaces per-field errors', async () => {
    const details = [{ field: 'publicJwk.crv', code: 'unsupported', message: 'P-384 is not accepted' }];
    server = await startProtocolServer((_req, res) => json(res, 400, apiError('validation_failed', 'bad', details)));
    const admin = createAdminClient({ baseUrl: server.url, apiKey: 'k' });
    const err = await admin.keys.create({ alg: 'ES256' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MiqValidationError);
    expect((err as MiqValidationError).details).toEqual(details);
  });
});
