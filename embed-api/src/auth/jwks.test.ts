import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDb } from '../app-db/app-db.js';
import { migrateAppDb } from '../app-db/migrate.js';
import { createPgliteAppDb } from '../app-db/pglite/index.js';
import { defaultAppConfig } from '../config/index.js';
import { createTestApp } from '../routes/test-app.js';
import { createJwksKeyStore, isPrivateAddress, validateJwksUrl } from './jwks.js';
import { seedTestTenancy } from './testing.js';

describe('JWKS URL rules', () => {
  it.each([
    ['https://auth.acme.com/.well-known/jwks.json', undefined],
    ['http://auth.acme.com/jwks.json', 'https_required'],
    ['https://10.1.2.3/jwks.json', 'private_address'],
    ['https://172.20.0.1/jwks.json', 'private_address'],
    ['https://192.168.0.10/jwks.json', 'private_address'],
    ['https://127.0.0.1:8443/jwks.json', 'private_address'],
    ['https://169.254.169.254/latest', 'private_address'],
    ['https://100.64.0.1/', 'private_address'],
    ['https://0.0.0.0/', 'private_address'],
    ['https://[::1]/jwks', 'private_address'],
    ['https://[fd00::1]/jwks', 'private_address'],
    ['https://[fe80::1]/jwks', 'private_address'],
    ['https://[::ffff:10.0.0.1]/jwks', 'private_address'],
    ['https://localhost/jwks', 'private_address'],
    ['https://api.localhost/jwks', 'private_address'],
    ['https://metadata.google.internal/', 'private_address'],
    ['https://u:p@auth.acme.com/jwks', 'credentials_in_url'],
    ['not a url', 'invalid_url'],
    ['https://8.8.8.8/jwks.json', undefined],
    ['https://172.32.0.1/jwks.json', undefined],
  ])('%s → %s', (url, problem) => {
    expect(validateJwksUrl(url, [])).toBe(problem);
  });

  it('exempts only the exact host:port of the test allow-list', () => {
    expect(validateJwksUrl('http://127.0.0.1:9999/jwks', ['127.0.0.1:9999'])).toBeUndefined();
    expect(validateJwksUrl('http://127.0.0.1:9998/jwks', ['127.0.0.1:9999'])).toBe('https_required');
  });

  it('knows public addresses from private ones', () => {
    expect(isPrivateAddress('93.184.216.34')).toBe(false);
    expect(isPrivateAddress('2606:4700::1111')).toBe(false);
    expect(isPrivateAddress('10.255.255.255')).toBe(true);
  });
});

describe('JWKS key store', () => {
  const config = { ...defaultAppConfig.jwks, minRefreshSeconds: 30, cacheSeconds: 300, maxBytes: 4096 };

  async function jwksWith(...kids: string[]) {
    const keys = [];
    const privates = new Map<string, CryptoKey>();
    for (const kid of kids) {
      const pair = await generateKeyPair('ES256', { extractable: true });
      privates.set(kid, pair.privateKey);
      keys.push({ ...(await exportJWK(pair.publicKey)), kid, use: 'sig' });
    }
    return { keys, privates };
  }

  it('fetches once, serves from the cache, and refreshes on an unknown kid at most once per interval', async () => {
    let now = 1_000_000;
    const set = await jwksWith('a');
    let fetches = 0;
    const store = createJwksKeyStore({
      config,
      clock: () => new Date(now),
      fetch: async (_url, init) => {
        fetches++;
        expect(init?.redirect).toBe('error');
        return new Response(JSON.stringify({ keys: set.keys }), { headers: { 'content-type': 'application/json' } });
      },
    });
    const url = 'https://auth.acme.com/jwks.json';
    expect((await store.get(url, 'a'))?.alg).toBe('ES256');
    expect(await store.get(url, 'a')).toBeDefined();
    expect(fetches).toBe(1);
    for (let i = 0; i < 10; i++) expect(await store.get(url, `made-up-${i}`)).toBeUndefined();
    expect(fetches).toBe(1); // fetched less than minRefreshSeconds ago: unknown kids do not refetch
    now += 31_000;
    set.keys.push(...(await jwksWith('b')).keys);
    expect(await store.get(url, 'b')).toBeDefined(); // an unknown kid refreshes once the interval has passed
    expect(fetches).toBe(2);
    for (let i = 0; i < 10; i++) expect(await store.get(url, `flood-${i}`)).toBeUndefined();
    expect(fetches).toBe(2);
    expect(await store.get(url, 'a')).toBeDefined();
  });

  it('refuses oversized key sets, private/symmetric keys, and hosts that resolve to private addresses', async () => {
    const big = new Response(JSON.stringify({ keys: [], pad: 'x'.repeat(10_000) }));
    const store = createJwksKeyStore({ config, clock: () => new Date(), fetch: async () => big });
    await expect(store.get('https://auth.acme.com/j', 'a')).rejects.toThrow(/larger than/);

    const pair = await generateKeyPair('ES256', { extractable: true });
    const withPrivate = { ...(await exportJWK(pair.privateKey)), kid: 'priv' };
    const oct = { kty: 'oct', k: 'c2VjcmV0', kid: 'oct', alg: 'HS256' };
    const store2 = createJwksKeyStore({
      config,
      clock: () => new Date(),
      fetch: async () => new Response(JSON.stringify({ keys: [withPrivate, oct] })),
    });
    expect(await store2.get('https://auth.acme.com/j', 'priv')).toBeUndefined();
    expect(await store2.get('https://auth2.acme.com/j', 'oct')).toBeUndefined();

    const store3 = createJwksKeyStore({
      config,
      clock: () => new Date(),
      resolveHost: async () => ['10.0.0.7'],
      fetch: async () => {
        throw new Error('must not fetch');
      },
    });
    await expect(store3.get('https://rebind.acme.com/j', 'a')).rejects.toThrow(/private address/);
  });

  describe('tokens signed with a partner JWKS key', () => {
    let appDb: AppDb;
    beforeAll(async () => {
      appDb = await createPgliteAppDb();
      await migrateAppDb(appDb.db);
      await seedTestTenancy(appDb.db);
      await appDb.db
        .updateTable('partners')
        .set({ jwks_url: 'https://auth.one.example/jwks.json' })
        .where('id', '=', 'p-one')
        .execute();
    });
    afterAll(() => appDb?.close());

    it('verify through the JWKS; an unknown kid or another partner’s iss does not', async () => {
      const set = await jwksWith('jwks-1');
      const jwks = createJwksKeyStore({
        config,
        clock: () => new Date(),
        fetch: async () => new Response(JSON.stringify({ keys: set.keys })),
      });
      const { app } = createTestApp(appDb.db, { services: { jwks } });
      const now = Math.floor(Date.now() / 1000);
      const sign = (kid: string, iss = 'p-one', tenant = 'acme') =>
        new SignJWT({ tenant, dashboards: ['*'], sub: 'u', jti: crypto.randomUUID() })
          .setProtectedHeader({ alg: 'ES256', kid, typ: 'miq-embed+jwt' })
          .setIssuer(iss)
          .setAudience('marketing-iq')
          .setIssuedAt(now)
          .setExpirationTime(now + 300)
          .sign(set.privates.get('jwks-1')!);
      const status = async (token: string) =>
        (await app.request('/api/v1/schema', { headers: { authorization: `Bearer ${token}` } })).status;
      expect(await status(await sign('jwks-1'))).toBe(200);
      expect(await status(await sign('jwks-unknown'))).toBe(401);
      expect(await status(await sign('jwks-1', 'p-two', 'other-co'))).toBe(401);
    });
  });
});
