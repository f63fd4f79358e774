/**
 * The in-process L1 in front of Redis: two response caches ("instances") share one real Redis (MIQ_TEST_REDIS_URL)
 * and each has an L1 with a long time to live, so only invalidation can make an L1 entry go. A bump on one instance
 * must reach the other through the pub/sub generation bus; a bump here drops this instance's entries at once; a lost
 * notice is bounded by the time to live; a bus that is not listening turns the L1 off.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalGenerationBus, type GenerationBus } from './generation-bus.js';
import { createLruStore } from './lru/lru-store.js';
import { createMetricsRegistry, type MetricsRegistry } from './metrics.js';
import { createRedisGenerationBus } from './redis/redis-generation-bus.js';
import { createRedisStore } from './redis/redis-store.js';
import { type Codec, createResponseCache, type ResponseCache } from './response-cache.js';

const text: Codec<string> = { encode: (v) => v, decode: (t) => t };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const redisUrl = process.env.MIQ_TEST_REDIS_URL;
const clients: Redis[] = [];
let runs = 0;

function redis(): Redis {
  if (!redisUrl) throw new Error('MIQ_TEST_REDIS_URL is not set: start scripts/services.sh (make test does)');
  const c = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  clients.push(c);
  return c;
}

afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
});

const req = (tenantId: string, q: string) => ({
  tier: 'metrics' as const,
  tenantId,
  scopeKey: `scope-${tenantId}`,
  catalogVersion: 'cat-1',
  timeZone: 'UTC',
  parts: { q },
});

interface Instance {
  readonly cache: ResponseCache;
  readonly metrics: MetricsRegistry;
  readonly bus: GenerationBus;
  l1Hits(): number;
}

/** One "instance": its own Redis connections, response cache, metrics and bus, on the shared key prefix. */
async function instance(prefix: string, o: { ttlMs?: number; bus?: GenerationBus } = {}): Promise<Instance> {
  const client = redis();
  const bus = o.bus ?? (await createRedisGenerationBus({ publisher: client, subscriber: redis() }, { prefix }));
  const metrics = createMetricsRegistry();
  const cache = createResponseCache({
    store: createRedisStore({ client, timeoutMs: 2000, prefix }),
    metrics,
    l1: { ttlMs: o.ttlMs ?? 60_000, bus },
  });
  return { cache, metrics, bus, l1Hits: () => metrics.value('miq_cache_l1_hits_total', { tier: 'metrics' }) };
}

const newPrefix = () => `test-l1:${process.pid}:${Date.now()}:${runs++}:`;
/** A computation that says how often it ran, so a recomputation is visible in the value. */
const counting = (label: string) => {
  let n = 0;
  return async () => `${label}#${++n}`;
};

/** Resolves when `bus` delivers a notice for `tenant` to this listener. */
const heard = (bus: GenerationBus, tenant: string) =>
  new Promise<void>((resolve) => bus.subscribe((t) => t === tenant && resolve()));

describe('L1 in front of Redis', () => {
  it('serves a validated entry without the store, and drops it when another instance bumps the tenant', async () => {
    const prefix = newPrefix();
    const a = await instance(prefix);
    const b = await instance(prefix);
    const compute = counting('t1');
    expect((await b.cache.through(req('t1', 'q'), compute, text)).value).toBe('t1#1'); // miss, stored in Redis
    expect((await b.cache.through(req('t1', 'q'), compute, text)).status).toBe('hit'); // read from Redis, validated
    const l1 = await b.cache.through(req('t1', 'q'), compute, text);
    expect(l1).toMatchObject({ value: 't1#1', status: 'hit' });
    expect(b.l1Hits()).toBe(1);

    const notice = heard(b.bus, 't1');
    await a.cache.bumpTenant('t1');
    await notice;
    const after = await b.cache.through(req('t1', 'q'), compute, text);
    expect(after).toMatchObject({ value: 't1#2', status: 'miss' });
    expect(b.l1Hits()).toBe(1);
  });

  it('a bump of one tenant leaves the other tenants’ L1 entries in place', async () => {
    const prefix = newPrefix();
    const a = await instance(prefix);
    const b = await instance(prefix);
    const t1 = counting('t1');
    const t2 = counting('t2');
    for (let i = 0; i < 2; i++) {
      await b.cache.through(req('t1', 'q'), t1, text);
      await b.cache.through(req('t2', 'q'), t2, text);
    }
    const notice = heard(b.bus, 't1');
    await a.cache.bumpTenant('t1');
    await notice;
    const hitsBefore = b.l1Hits();
    expect(await b.cache.through(req('t2', 'q'), t2, text)).toMatchObject({ value: 't2#1', status: 'hit' });
    expect(b.l1Hits()).toBe(hitsBefore + 1);
    expect(await b.cache.through(req('t1', 'q'), t1, text)).toMatchObject({ value: 't1#2', status: 'miss' });
  });

  it('this instance’s own bump drops its L1 entries at once (no notice needed)', async () => {
    const silent: GenerationBus = {
      publish: async () => {},
      subscribe: () => {},
      listening: () => true,
      close: async () => {},
    };
    const a = await instance(newPrefix(), { bus: silent });
    const compute = counting('t1');
    for (let i = 0; i < 3; i++) await a.cache.through(req('t1', 'q'), compute, text);
    expect(a.l1Hits()).toBe(1);
    await a.cache.bumpTenant('t1');
    expect(await a.cache.through(req('t1', 'q'), compute, text)).toMatchObject({ value: 't1#2', status: 'miss' });
  });

  it('in front of the in-process LRU (local bus): hits skip the store, a bump drops them at once', async () => {
    const metrics = createMetricsRegistry();
    const cache = createResponseCache({
      store: createLruStore(),
      metrics,
      l1: { ttlMs: 60_000, bus: createLocalGenerationBus() },
    });
    const compute = counting('t1');
    const other = counting('t2');
    for (let i = 0; i < 3; i++) {
      await cache.through(req('t1', 'q'), compute, text);
      await cache.through(req('t2', 'q'), other, text);
    }
    expect(metrics.value('miq_cache_l1_hits_total', { tier: 'metrics' })).toBe(2);
    await cache.bumpTenant('t1');
    expect(await cache.through(req('t1', 'q'), compute, text)).toMatchObject({ value: 't1#2', status: 'miss' });
    expect(await cache.through(req('t2', 'q'), other, text)).toMatchObject({ value: 't2#1', status: 'hit' });
    expect(metrics.value('miq_cache_l1_hits_total', { tier: 'metrics' })).toBe(3);
  });

  it('a lost notice is bounded by the time to live: after it the entry is validated against Redis again', async () => {
    const prefix = newPrefix();
    const silent: GenerationBus = {
      publish: async () => {},
      subscribe: () => {},
      listening: () => true,
      close: async () => {},
    };
    const a = await instance(prefix, { bus: silent });
    const b = await instance(prefix, { bus: silent, ttlMs: 300 });
    const compute = counting('t1');
    await b.cache.through(req('t1', 'q'), compute, text);
    await b.cache.through(req('t1', 'q'), compute, text);
    await a.cache.bumpTenant('t1'); // b hears nothing
    await sleep(350);
    expect(await b.cache.through(req('t1', 'q'), compute, text)).toMatchObject({ value: 't1#2', status: 'miss' });
  });

  it('“notices may have been lost” drops every tenant; a bus that is not listening serves nothing from L1', async () => {
    let listening = true;
    let tell: (t: string | null) => void = () => {};
    const bus: GenerationBus = {
      publish: async () => {},
      subscribe: (l) => {
        tell = l;
      },
      listening: () => listening,
      close: async () => {},
    };
    const b = await instance(newPrefix(), { bus });
    const compute = counting('t1');
    await b.cache.through(req('t1', 'q'), compute, text);
    await b.cache.through(req('t1', 'q'), compute, text);
    await b.cache.through(req('t1', 'q'), compute, text);
    expect(b.l1Hits()).toBe(1);
    tell(null);
    expect((await b.cache.through(req('t1', 'q'), compute, text)).status).toBe('hit'); // from Redis again
    expect(b.l1Hits()).toBe(1);
    listening = false;
    for (let i = 0; i < 3; i++) expect((await b.cache.through(req('t1', 'q'), compute, text)).status).toBe('hit');
    expect(b.l1Hits()).toBe(1);
    listening = true;
    expect((await b.cache.through(req('t1', 'q'), compute, text)).status).toBe('hit');
    expect(b.l1Hits()).toBe(2);
  });
});
