import { base64url, exportSPKI, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDb } from '../app-db/app-db.js';
import { revokeEmbedKey } from '../app-db/embed-keys.js';
import { migrateAppDb } from '../app-db/migrate.js';
import { createPgliteAppDb } from '../app-db/pglite/index.js';
import { createTestApp, recordingSemantic } from '../routes/test-app.js';
import { registerTestKey, seedTestTenancy, type TestSigningKey } from './testing.js';

const NOW = Math.floor(Date.now() / 1000);
// The app judges exp/nbf against this fixed instant, so a slow run on a loaded machine cannot push a token past its skew.
const fixedClock = () => new Date(NOW * 1000);

interface SignOptions {
  readonly header?: Record<string, unknown>;
  readonly claims?: Record<string, unknown>;
  readonly omit?: readonly string[];
}

/** Signs a token the way a partner would, with any claim or header overridden (or omitted) for the attack at hand. */
async function sign(key: TestSigningKey, options: SignOptions = {}): Promise<string> {
  const claims: JWTPayload = {
    iss: key.partnerId,
    aud: 'marketing-iq',
    sub: 'user-1',
    tenant: 'acme',
    dashboards: ['*'],
    filters: { 'account.id': ['120208455931760418'] },
    iat: NOW,
    nbf: NOW,
    exp: NOW + 600,
    jti: crypto.randomUUID(),
    ...options.claims,
  };
  for (const name of options.omit ?? []) delete claims[name];
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'miq-embed+jwt', ...options.header } as never)
    .sign(key.privateKey);
}

/** An unsecured JWT (`alg: none`), which jose refuses to produce. */
function unsecured(kid: string, claims: Record<string, unknown>): string {
  const enc = (o: unknown) => base64url.encode(JSON.stringify(o));
  return `${enc({ alg: 'none', kid, typ: 'miq-embed+jwt' })}.${enc(claims)}.`;
}

describe('tenant tokens on the data routes', () => {
  let appDb: AppDb;
  const keys: Record<string, TestSigningKey> = {};
  let otherPartnerKey: TestSigningKey;

  beforeAll(async () => {
    appDb = await createPgliteAppDb();
    await migrateAppDb(appDb.db);
    await seedTestTenancy(appDb.db);
    for (const alg of ['EdDSA', 'ES256', 'RS256', 'HS256'] as const)
      keys[alg] = await registerTestKey(appDb.db, 'p-one', alg);
    otherPartnerKey = await registerTestKey(appDb.db, 'p-two', 'EdDSA');
  });
  afterAll(() => appDb?.close());

  const get = (app: ReturnType<typeof createTestApp>['app'], token: string | undefined, path = '/api/v1/schema') =>
    app.request(path, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

  async function expectRefused(token: string | undefined, status: number, problem: string, path?: string) {
    const { app, semantic } = createTestApp(appDb.db, { clock: fixedClock });
    const res = await get(app, token, path);
    const body = (await res.json()) as { error: { code: string; details: { field: string; code: string }[] } };
    expect({ status: res.status, problem: body.error.details[0]?.code }).toEqual({ status, problem });
    expect(body.error.details[0]?.field).toBe('authorization');
    expect(semantic.calls).toHaveLength(0);
    return { res, body };
  }

  it.each(['EdDSA', 'ES256', 'RS256', 'HS256'])(
    'accepts a valid %s token and scopes the request to its tenant',
    async (alg) => {
      const { app, semantic } = createTestApp(appDb.db, { clock: fixedClock });
      const res = await get(app, await sign(keys[alg]!, { claims: { tenant: 'zenith' } }));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ echo: 'zenith' });
      expect(semantic.calls).toHaveLength(1);
      const scope = semantic.calls[0]!.scope;
      expect(scope).toMatchObject({
        tenantId: 'zenith',
        warehouseLocation: 'zenith-dir',
        timeZone: 'Pacific/Auckland',
        reportingCurrency: 'NZD',
        lockedFilters: { 'account.id': ['120208455931760418'] },
      });
      expect(scope.allowedMembers).toBeUndefined();
    },
  );

  it('turns a scope claim into the allowed member set', async () => {
    const { app, semantic } = createTestApp(appDb.db, { clock: fixedClock });
    const res = await get(app, await sign(keys.EdDSA!, { claims: { scope: ['ads.spend', 'date.day'] } }));
    expect(res.status).toBe(200);
    expect([...(semantic.calls[0]!.scope.allowedMembers ?? [])]).toEqual(['ads.spend', 'date.day']);
  });

  it('refuses a request without a token (401, WWW-Authenticate)', async () => {
    const { res } = await expectRefused(undefined, 401, 'missing');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const { app } = createTestApp(appDb.db, { clock: fixedClock });
    const post = await app.request('/api/v1/metrics', {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(post.status).toBe(401);
  });

  it('refuses malformed tokens and non-bearer schemes', async () => {
    await expectRefused('not-a-jwt', 401, 'malformed');
    await expectRefused('a.b.c', 401, 'malformed');
    await expectRefused('x'.repeat(9000), 401, 'malformed');
    const { app } = createTestApp(appDb.db, { clock: fixedClock });
    const res = await app.request('/api/v1/schema', { headers: { authorization: `Basic ${btoa('a:b')}` } });
    expect(res.status).toBe(401);
  });

  it('refuses an expired token, but tolerates up to 60 s of clock skew', async () => {
    const { body } = await expectRefused(
      await sign(keys.EdDSA!, { claims: { iat: NOW - 1000, nbf: NOW - 1000, exp: NOW - 61 } }),
      401,
      'expired',
    );
    expect(body.error.code).toBe('token_expired');
    const { app } = createTestApp(appDb.db, { clock: fixedClock });
    const skewed = await sign(keys.EdDSA!, { claims: { iat: NOW - 1000, nbf: NOW - 1000, exp: NOW - 30 } });
    expect((await get(app, skewed)).status).toBe(200);
  });

  it('refuses a token that is not valid yet (nbf or iat in the future)', async () => {
    await expectRefused(await sign(keys.EdDSA!, { claims: { nbf: NOW + 120 } }), 401, 'not_yet_valid');
    await expectRefused(
      await sign(keys.EdDSA!, { claims: { iat: NOW + 120, exp: NOW + 600 }, omit: ['nbf'] }),
      401,
      'not_yet_valid',
    );
  });

  it('refuses a token living longer than the server maximum (1 h)', async () => {
    await expectRefused(await sign(keys.EdDSA!, { claims: { exp: NOW + 3601 } }), 401, 'lifetime_too_long');
  });

  it('applies a partner’s own maximum lifetime, up to 24 h, and never more', async () => {
    await appDb.db
      .updateTable('partners')
      .set({ max_token_lifetime_seconds: 86_400 })
      .where('id', '=', 'p-two')
      .execute();
    const { app } = createTestApp(appDb.db);
    const long = await sign(otherPartnerKey, { claims: { tenant: 'other-co', exp: NOW + 20 * 3600 } });
    expect((await get(app, long)).status).toBe(200);
    const tooLong = await sign(otherPartnerKey, { claims: { tenant: 'other-co', exp: NOW + 86_401 } });
    expect((await get(app, tooLong)).status).toBe(401);
    // p-one keeps the server default (1 h).
    expect((await get(app, await sign(keys.EdDSA!, { claims: { exp: NOW + 2 * 3600 } }))).status).toBe(401);
    await appDb.db
      .updateTable('partners')
      .set({ max_token_lifetime_seconds: null })
      .where('id', '=', 'p-two')
      .execute();
  });

  it('refuses a wrong signature and a tampered payload', async () => {
    const impostor = { ...keys.EdDSA!, privateKey: otherPartnerKey.privateKey };
    await expectRefused(await sign(impostor), 401, 'bad_signature');
    const [header, , signature] = (await sign(keys.EdDSA!)).split('.');
    const forged = base64url.encode(
      JSON.stringify({
        iss: 'p-one',
        aud: 'marketing-iq',
        sub: 'u',
        tenant: 'zenith',
        dashboards: ['*'],
        iat: NOW,
        exp: NOW + 60,
        jti: 'x',
      }),
    );
    await expectRefused(`${header}.${forged}.${signature}`, 401, 'bad_signature');
  });

  it('refuses alg "none", even with a valid kid', async () => {
    const claims = {
      iss: 'p-one',
      aud: 'marketing-iq',
      sub: 'u',
      tenant: 'acme',
      dashboards: ['*'],
      iat: NOW,
      exp: NOW + 60,
      jti: 'x',
    };
    await expectRefused(unsecured(keys.EdDSA!.kid, claims), 401, 'algorithm_mismatch');
    await expectRefused(unsecured(keys.HS256!.kid, claims), 401, 'algorithm_mismatch');
  });

  it('refuses HS256 tokens whose HMAC secret is a registered public key (algorithm confusion)', async () => {
    for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
      const key = keys[alg]!;
      const pem = await exportSPKI(
        await (await import('jose')).importJWK(key.publicJwk!, alg).then((k) => k as CryptoKey),
      );
      for (const secret of [new TextEncoder().encode(pem), new TextEncoder().encode(JSON.stringify(key.publicJwk))]) {
        const token = await sign({ ...key, alg: 'HS256', privateKey: secret });
        await expectRefused(token, 401, 'algorithm_mismatch');
      }
    }
  });

  it('refuses a wrong audience, a wrong type and a missing or unknown kid', async () => {
    await expectRefused(await sign(keys.EdDSA!, { claims: { aud: 'someone-else' } }), 401, 'wrong_audience');
    await expectRefused(await sign(keys.EdDSA!, { omit: ['aud'] }), 401, 'invalid_claims');
    await expectRefused(await sign(keys.EdDSA!, { header: { typ: 'JWT' } }), 401, 'wrong_type');
    await expectRefused(await sign(keys.EdDSA!, { header: { kid: undefined } }), 401, 'missing_kid');
    await expectRefused(await sign(keys.EdDSA!, { header: { kid: 'no-such-key' } }), 401, 'unknown_key');
  });

  it("refuses a token whose iss is not the key's partner", async () => {
    await expectRefused(await sign(keys.EdDSA!, { claims: { iss: 'p-two' } }), 401, 'wrong_issuer');
  });

  it('answers 403 for a tenant the signing partner does not own (or that does not exist)', async () => {
    const { body } = await expectRefused(
      await sign(keys.EdDSA!, { claims: { tenant: 'other-co' } }),
      403,
      'tenant_not_owned',
    );
    expect(body.error.code).toBe('forbidden');
    await expectRefused(await sign(otherPartnerKey, { claims: { tenant: 'acme' } }), 403, 'tenant_not_owned');
    await expectRefused(await sign(keys.ES256!, { claims: { tenant: 'ghost-tenant' } }), 403, 'tenant_not_owned');
  });

  it('refuses tokens with missing or mistyped claims', async () => {
    for (const omit of ['sub', 'jti', 'iat', 'exp', 'tenant', 'dashboards']) {
      await expectRefused(await sign(keys.EdDSA!, { omit: [omit] }), 401, 'invalid_claims');
    }
    // An 18-digit id as a JSON number has already lost digits: locked filter values must be strings.
    await expectRefused(
      await sign(keys.EdDSA!, { claims: { filters: { 'account.id': [Number('120208455931760418')] } } }),
      401,
      'invalid_claims',
    );
    await expectRefused(await sign(keys.EdDSA!, { claims: { tenant: '../rare-seeds' } }), 401, 'invalid_claims');
  });

  it('stops accepting a key the moment it is revoked', async () => {
    const key = await registerTestKey(appDb.db, 'p-one', 'EdDSA');
    const token = await sign(key);
    const { app } = createTestApp(appDb.db, { clock: fixedClock });
    expect((await get(app, token)).status).toBe(200);
    expect((await get(app, token)).status).toBe(200); // now served from the verification cache
    // Revoked the way the admin API and CLI do it: the row, then the revocation notice.
    await revokeEmbedKey(appDb.db, 'p-one', key.kid, new Date());
    await app.services.revocations.invalidate('key_revoked');
    const refused = await get(app, token);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { details: [{ code: 'key_revoked' }] } });
    await expectRefused(token, 401, 'key_revoked');
  });

  it('cannot be told which tenant to read by the query string or the body', async () => {
    const token = await sign(keys.EdDSA!);
    const { app, semantic } = createTestApp(appDb.db, { clock: fixedClock });
    const viaQuery = await get(app, token, '/api/v1/schema?tenant=zenith');
    expect(viaQuery.status).toBe(400);
    expect(await viaQuery.json()).toMatchObject({
      error: { details: [{ field: 'query.tenant', code: 'forbidden_field' }] },
    });
    const viaBody = await app.request('/api/v1/metrics', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ measures: ['ads.spend'], tenant: 'zenith', tenantId: 'zenith' }),
    });
    expect(viaBody.status).toBe(400);
    const body = (await viaBody.json()) as { error: { details: { field: string }[] } };
    expect(body.error.details.map((d) => d.field)).toEqual(['tenant', 'tenantId']);
    expect(semantic.calls).toHaveLength(0);
  });

  it('does not use HS256 keys when no master key is configured (500, logged, no details)', async () => {
    const { app, logger } = createTestApp(appDb.db, {
      config: { masterKey: undefined },
      semantic: recordingSemantic(),
    });
    const res = await get(app, await sign(keys.HS256!));
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: { code: 'internal', details: [] } });
    expect(JSON.stringify(logger.entries)).toContain('MIQ_MASTER_KEY');
  });
});
