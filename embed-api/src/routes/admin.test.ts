/**
 * The partner admin API through the SDK's own admin client (`createAdminClient` from sdk-js), so the routes and the
 * client agree, plus the operator API and CORS from registered origins.
 */
import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminClient, createEmbedToken } from '../../../sdk-js/src/node/index.js';
import * as ops from '../admin/operations.js';
import type { AppDb } from '../app-db/app-db.js';
import { migrateAppDb } from '../app-db/migrate.js';
import { createPgliteAppDb } from '../app-db/pglite/index.js';
import { createAuditWriter } from '../audit/index.js';
import { sha256Hex } from '../auth/api-keys.js';
import { createLocalRevocationBus } from '../auth/revocation.js';
import { seedTestTenancy, TEST_MASTER_KEY } from '../auth/testing.js';
import { createMemoryLogger } from '../logger.js';
import { createTestApp } from './test-app.js';

const OPERATOR_TOKEN = 'miq_op_admin-route-test-token';

describe('partner admin API', () => {
  let appDb: AppDb;
  let apiKey: string;
  let apiKeyId: string;
  let app: ReturnType<typeof createTestApp>['app'];
  let admin: ReturnType<typeof createAdminClient>;

  beforeAll(async () => {
    appDb = await createPgliteAppDb();
    await migrateAppDb(appDb.db);
    await seedTestTenancy(appDb.db);
    const operator: ops.AdminContext = {
      db: appDb.db,
      audit: createAuditWriter({ db: appDb.db, logger: createMemoryLogger() }),
      revocations: createLocalRevocationBus(),
      clock: () => new Date(),
      masterKey: TEST_MASTER_KEY,
      jwksTestAllowHosts: [],
      actor: { kind: 'operator' },
    };
    const created = await ops.createApiKey(operator, 'p-one');
    apiKey = created.key;
    apiKeyId = created.apiKey.id;
    ({ app } = createTestApp(appDb.db, {
      config: { corsOrigins: [], operatorTokenSha256: await sha256Hex(OPERATOR_TOKEN) },
    }));
    admin = createAdminClient({
      baseUrl: 'http://miq.test',
      apiKey,
      retries: 0,
      fetch: ((input: RequestInfo | URL, init?: RequestInit) => app.request(String(input), init)) as typeof fetch,
    });
  });
  afterAll(async () => {
    await app?.close();
    await appDb?.close();
  });

  it('stores only a hash of the API key', async () => {
    const row = await appDb.db
      .selectFrom('partner_api_keys')
      .selectAll()
      .where('id', '=', apiKeyId)
      .executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(await sha256Hex(apiKey));
    expect(JSON.stringify(row)).not.toContain(apiKey);
  });

  it('lists the partner’s own tenants with display settings only, and updates them', async () => {
    const { tenants } = (await admin.tenants.list()) as { tenants: Record<string, unknown>[] };
    expect(tenants.map((t) => t.id)).toEqual(['acme', 'zenith']);
    expect(tenants[0]).not.toHaveProperty('warehouseLocation');
    const updated = await admin.tenants.update('acme', {
      name: 'Acme Inc',
      reportingCurrency: 'EUR',
      timeZone: 'Europe/Berlin',
      shownAccounts: ['123', '456'],
    });
    expect(updated).toEqual({
      tenant: {
        id: 'acme',
        name: 'Acme Inc',
        reportingCurrency: 'EUR',
        timeZone: 'Europe/Berlin',
        shownAccounts: ['123', '456'],
        status: 'active',
      },
    });
    const row = await appDb.db.selectFrom('tenants').selectAll().where('id', '=', 'acme').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ warehouse_location: 'acme-dir', reporting_currency: 'EUR', partner_id: 'p-one' });
  });

  it('names each bad field', async () => {
    const err = (await admin.tenants
      .update('acme', { reportingCurrency: 'eur', timeZone: 'Mars/Base', color: 'red' } as never)
      .catch((e: unknown) => e)) as { status: number; details: { field: string; code: string }[] };
    expect(err.status).toBe(400);
    expect(err.details.map((d) => d.field).sort()).toEqual(['color', 'reportingCurrency']);
    const tz = (await admin.tenants.update('acme', { timeZone: 'Mars/Base' }).catch((e: unknown) => e)) as {
      details: { field: string; code: string }[];
    };
    expect(tz.details).toEqual([expect.objectContaining({ field: 'timeZone', code: 'invalid_time_zone' })]);
  });

  it('creates keys of every algorithm; a token signed with each verifies; HS256 secrets are shown once', async () => {
    const pairs = {
      EdDSA: generateKeyPairSync('ed25519'),
      ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
      RS256: generateKeyPairSync('rsa', { modulusLength: 2048 }),
    };
    const signed: string[] = [];
    for (const [alg, pair] of Object.entries(pairs)) {
      const res = (await admin.keys.create({
        alg: alg as 'EdDSA',
        publicJwk: pair.publicKey.export({ format: 'jwk' }),
      })) as {
        key: { kid: string; alg: string; status: string };
      };
      expect(res.key).toMatchObject({ alg, status: 'active' });
      signed.push(
        await createEmbedToken({
          partnerId: 'p-one',
          kid: res.key.kid,
          key: pair.privateKey,
          tenant: 'acme',
          subject: 'u',
          dashboards: ['*'],
        }),
      );
    }
    const hs = (await admin.keys.create({ alg: 'HS256', kid: 'p-one-hs-1' })) as {
      key: { kid: string };
      secret: string;
    };
    expect(hs.secret.length).toBeGreaterThanOrEqual(43);
    signed.push(
      await createEmbedToken({
        partnerId: 'p-one',
        kid: hs.key.kid,
        key: hs.secret,
        tenant: 'acme',
        subject: 'u',
        dashboards: ['*'],
      }),
    );
    for (const token of signed) {
      const res = await app.request('/api/v1/schema', { headers: { authorization: `Bearer ${token}` } });
      expect(res.status, await res.text()).toBe(200);
    }
    const listing = JSON.stringify(await admin.keys.list());
    expect(listing).not.toContain(hs.secret);
    expect(listing).toContain('p-one-hs-1');
    const dup = (await admin.keys.create({ alg: 'HS256', kid: 'p-one-hs-1' }).catch((e: unknown) => e)) as {
      status: number;
    };
    expect(dup.status).toBe(409);
  });

  it('refuses private keys, wrong curves, short RSA keys and a JWK for HS256', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [
        { alg: 'EdDSA', publicJwk: generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' }) },
        'publicJwk',
        'private_key',
      ],
      [
        {
          alg: 'ES256',
          publicJwk: generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'jwk' }),
        },
        'publicJwk',
        'unsupported',
      ],
      [
        {
          alg: 'RS256',
          publicJwk: generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' }),
        },
        'publicJwk.n',
        'too_short',
      ],
      [{ alg: 'HS256', publicJwk: { kty: 'oct', k: 'abc' } }, 'publicJwk', 'not_allowed'],
      [{ alg: 'ES256' }, 'publicJwk', 'required'],
      [{ alg: 'none' }, 'alg', 'invalid_value'],
    ];
    for (const [input, field, code] of cases) {
      const err = (await admin.keys.create(input as never).catch((e: unknown) => e)) as {
        status: number;
        details: unknown[];
      };
      expect(err.status, JSON.stringify(input)).toBe(400);
      expect(err.details).toEqual([expect.objectContaining({ field, code })]);
    }
  });

  it('rotates (overlap: both keys valid) and revokes (idempotent)', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    const first = (await admin.keys.create({ alg: 'ES256', publicJwk: await exportJWK(pair.publicKey) })) as {
      key: { kid: string };
    };
    const next = await generateKeyPair('ES256', { extractable: true });
    const rotated = (await admin.keys.rotate(first.key.kid, { publicJwk: await exportJWK(next.publicKey) })) as {
      key: { kid: string; replacesKid: string; status: string };
    };
    expect(rotated.key).toMatchObject({ replacesKid: first.key.kid, status: 'active' });
    const { keys } = (await admin.keys.list()) as { keys: { kid: string; status: string }[] };
    expect(keys.filter((k) => [first.key.kid, rotated.key.kid].includes(k.kid)).map((k) => k.status)).toEqual([
      'active',
      'active',
    ]);
    expect(await admin.keys.revoke(first.key.kid)).toMatchObject({ key: { status: 'revoked' } });
    expect(await admin.keys.revoke(first.key.kid)).toMatchObject({ key: { status: 'revoked' } });
    const again = (await admin.keys.rotate(first.key.kid).catch((e: unknown) => e)) as { status: number };
    expect(again.status).toBe(409);
  });

  it('registers a public https JWKS URL and refuses a private one', async () => {
    expect(await admin.jwks.register('https://auth.one.example/.well-known/jwks.json')).toEqual({
      jwksUrl: 'https://auth.one.example/.well-known/jwks.json',
    });
    const err = (await admin.jwks.register('https://10.0.0.8/jwks.json').catch((e: unknown) => e)) as {
      details: unknown[];
    };
    expect(err.details).toEqual([expect.objectContaining({ field: 'url', code: 'private_address' })]);
  });

  it('answers CORS preflights from registered origins only, and checks the partner’s own origins on the real request', async () => {
    const put = await app.request('/api/v1/admin/origins', {
      method: 'PUT',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ origins: ['https://app.one.example'] }),
    });
    expect(await put.json()).toEqual({ origins: ['https://app.one.example'] });
    const preflight = (origin: string) =>
      app.request('/api/v1/metrics', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
      });
    const ok = await preflight('https://app.one.example');
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.one.example');
    expect(ok.headers.get('access-control-max-age')).toBe('600');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lists the partner’s audit log newest first, paged by cursor, with admin actions and token use', async () => {
    const hs = (await admin.keys.create({ alg: 'HS256' })) as { key: { kid: string }; secret: string };
    const token = await createEmbedToken({
      partnerId: 'p-one',
      kid: hs.key.kid,
      key: hs.secret,
      tenant: 'zenith',
      subject: 'audited-user',
      dashboards: ['google-ads'],
    });
    for (const dashboard of ['google-ads', 'meta-ads']) {
      await app.request('/api/v1/schema', {
        headers: { authorization: `Bearer ${token}`, 'x-miq-dashboard': dashboard },
      });
    }
    await app.services.audit.flush();
    const used = (await admin.audit.list({ tenant: 'zenith', action: 'token.use' })) as {
      entries: Record<string, unknown>[];
    };
    expect(used.entries.map((e) => [e.subject, e.dashboard, e.route, e.outcome])).toEqual([
      ['audited-user', null, 'GET /api/v1/schema', '200'], // not a dashboard this token may open: not recorded
      ['audited-user', 'google-ads', 'GET /api/v1/schema', '200'],
    ]);
    expect(used.entries[0]!.jti).toEqual(expect.any(String));
    const first = (await admin.audit.list({ limit: 3 })) as {
      entries: { id: string; action: string }[];
      nextCursor: string;
    };
    expect(first.entries).toHaveLength(3);
    const second = (await admin.audit.list({ limit: 3, cursor: first.nextCursor })) as { entries: { id: string }[] };
    expect(BigInt(second.entries[0]!.id)).toBeLessThan(BigInt(first.entries[2]!.id));
    const all = (await admin.audit.list({ limit: 500 })) as { entries: { action: string; outcome: string }[] };
    const actions = new Set(all.entries.map((e) => e.action));
    for (const a of [
      'embed_key.create',
      'embed_key.rotate',
      'embed_key.revoke',
      'tenant.update',
      'jwks.set',
      'token.use',
    ]) {
      expect(actions, a).toContain(a);
    }
    const bad = (await admin.audit.list({ limit: 0 }).catch((e: unknown) => e)) as { details: { field: string }[] };
    expect(bad.details[0]!.field).toBe('query.limit');
  });

  it('operator routes: guarded by the operator token; a revoked partner API key stops working at once', async () => {
    const op = (path: string, body?: unknown, token = OPERATOR_TOKEN) =>
      app.request(`/api/v1/operator${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    expect((await op('/partners', { id: 'p-three', name: 'Three' }, 'miq_op_wrong')).status).toBe(401);
    expect((await op('/partners', { id: 'p-three', name: 'Three' })).status).toBe(201);
    const tenant = {
      id: 'three-co',
      partnerId: 'p-three',
      name: 'T',
      warehouseLocation: 'acme-dir',
      reportingCurrency: 'USD',
      timeZone: 'UTC',
    };
    const taken = await op('/tenants', tenant);
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ error: { details: [{ field: 'warehouseLocation', code: 'taken' }] } });
    expect((await op('/tenants', { ...tenant, warehouseLocation: '../acme-dir' })).status).toBe(400);
    expect((await op('/tenants', { ...tenant, warehouseLocation: 'three-dir' })).status).toBe(201);
    expect((await op(`/partners/p-one/api-keys/${apiKeyId}/revoke`)).status).toBe(200);
    const refused = (await admin.tenants.list().catch((e: unknown) => e)) as { status: number };
    expect(refused.status).toBe(401);
  });
});
