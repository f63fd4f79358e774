/**
 * Two app instances sharing one app database and one Redis (as two servers behind a load balancer would), on PGlite
 * and PostgreSQL. Acceptance 2: a key rotation never rejects the active key's tokens; the old key's tokens are refused
 * at once by the instance that revoked it and within 2 s by the other, even though both had them cached. Also: the
 * rate limit is shared through Redis.
 */

import { Redis } from 'ioredis';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_DB_KINDS } from '../app-db/testing.js';
import { createRedisRevocationBus } from '../auth/revocation.js';
import type { TestSigningKey } from '../auth/testing.js';
import { createRateLimiter } from '../rate-limit/index.js';
import { closeSharedWarehouse, openWorld, type World } from './testing/world.js';

function redisUrl(): string {
  const url = process.env.MIQ_TEST_REDIS_URL;
  if (!url)
    throw new Error('MIQ_TEST_REDIS_URL is not set (make test starts Redis; by hand: scripts/services.sh start)');
  return url;
}

const clients: Redis[] = [];
async function instanceServices(prefix: string) {
  const publisher = new Redis(redisUrl());
  const subscriber = new Redis(redisUrl());
  clients.push(publisher, subscriber);
  return {
    revocations: await createRedisRevocationBus({ redis: { publisher, subscriber }, prefix }),
    rateLimiter: createRateLimiter({ redis: publisher, prefix: `${prefix}:rl` }),
  };
}

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await closeSharedWarehouse();
});

describe.each(APP_DB_KINDS)('two instances sharing Redis, app database on %s', (kind) => {
  let world: World;
  let prefix: string;
  beforeAll(async () => {
    world = await openWorld(kind);
    prefix = `miq-test-${crypto.randomUUID()}`;
  });
  afterAll(() => world?.close());

  const schema = async (app: World['app'], token: string) =>
    (await app.request('/api/v1/schema', { headers: { authorization: `Bearer ${token}` } })).status;
  const admin = (app: World['app'], path: string, body: unknown) =>
    app.request(`/api/v1/admin${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${world.apiKeys.alpha}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('rotates a key: the new key works everywhere, the old one is refused at once here and within 2 s there', async () => {
    const a = world.makeApp({ tokenCacheSeconds: 600 }, await instanceServices(prefix));
    const b = world.makeApp({ tokenCacheSeconds: 600 }, await instanceServices(prefix));

    const oldPair = await generateKeyPair('EdDSA', { extractable: true });
    const created = await admin(a, '/keys', { alg: 'EdDSA', publicJwk: await exportJWK(oldPair.publicKey) });
    expect(created.status).toBe(201);
    const oldKid = ((await created.json()) as { key: { kid: string } }).key.kid;
    const oldKey: TestSigningKey = {
      kid: oldKid,
      alg: 'EdDSA',
      partnerId: 'p-alpha',
      privateKey: oldPair.privateKey,
      publicJwk: undefined,
    };
    const oldToken = await world.sign(oldKey);
    expect([await schema(a, oldToken), await schema(b, oldToken)]).toEqual([200, 200]); // both now cache it

    const newPair = await generateKeyPair('EdDSA', { extractable: true });
    const rotated = await admin(a, `/keys/${oldKid}/rotate`, { publicJwk: await exportJWK(newPair.publicKey) });
    expect(rotated.status).toBe(201);
    const rotatedKey = ((await rotated.json()) as { key: { kid: string; replacesKid: string; alg: string } }).key;
    expect(rotatedKey).toMatchObject({ replacesKid: oldKid, alg: 'EdDSA' });
    const newToken = await world.sign({ ...oldKey, kid: rotatedKey.kid, privateKey: newPair.privateKey });
    // Overlap: both keys work until the old one is revoked.
    expect([
      await schema(a, oldToken),
      await schema(b, oldToken),
      await schema(a, newToken),
      await schema(b, newToken),
    ]).toEqual([200, 200, 200, 200]);

    expect((await admin(a, `/keys/${oldKid}/revoke`, {})).status).toBe(200);
    const revokedAt = performance.now();
    expect(await schema(a, oldToken)).toBe(401); // at once, same instance
    let refusedAfter = Number.POSITIVE_INFINITY;
    while (performance.now() - revokedAt < 5000) {
      if ((await schema(b, oldToken)) === 401) {
        refusedAfter = performance.now() - revokedAt;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(refusedAfter).toBeLessThan(2000);
    console.info(`[${kind}] other instance refused the revoked key after ${refusedAfter.toFixed(0)} ms`);
    // The active key's tokens were never refused, on either instance, and still are not.
    for (let i = 0; i < 5; i++) expect([await schema(a, newToken), await schema(b, newToken)]).toEqual([200, 200]);
  });

  it('shares one tenant bucket between the instances through Redis', async () => {
    const limits = {
      rateLimits: { tenant: { capacity: 4, refillPerSecond: 1 }, partner: { capacity: 100, refillPerSecond: 100 } },
    };
    const p = `${prefix}-rl`;
    const a = world.makeApp(limits, await instanceServices(p));
    const b = world.makeApp(limits, await instanceServices(p));
    const token = await world.token({ tenant: 'kiwi-outdoors' });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await schema(a, token), await schema(b, token));
    // Each instance alone would allow 4 of its 3; together they share 4.
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
  });
});
