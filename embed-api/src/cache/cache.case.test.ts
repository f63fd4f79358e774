/**
 * One suite, two backends: the in-process LRU and Redis (a real `redis-server` at MIQ_TEST_REDIS_URL, started by
 * `make test`; a missing URL fails the suite). Each Redis run uses its own key prefix so files run in parallel.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createLruStore } from './lru/lru-store.js';
import { createMetricsRegistry } from './metrics.js';
import { createRedisStore } from './redis/redis-store.js';
import { type Codec, createResponseCache } from './response-cache.js';
import type { CacheStore } from './types.js';

const text: Codec<string> = { encode: (v) => v, decode: (t) => t };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Backend {
  readonly name: string;
  make(o?: { maxValueBytes?: number }): CacheStore;
}

const redisUrl = process.env.MIQ_TEST_REDIS_URL;
const clients: Redis[] = [];
let prefixes = 0;
const backends: Backend[] = [
  { name: 'lru', make: (o) => createLruStore({ maxBytes: 1 << 20, ...o }) },
  {
    name: 'redis',
    make: (o) => {
      if (!redisUrl) throw new Error('MIQ_TEST_REDIS_URL is not set: start scripts/services.sh (make test does)');
      const client = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: false });
      clients.push(client);
      return createRedisStore({
        client,
        timeoutMs: 2000,
        prefix: `test:${process.pid}:${Date.now()}:${prefixes++}:`,
        ...o,
      });
    },
  },
];

afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
});

const req = (tenantId: string, parts: unknown, scopeKey = `scope-${tenantId}`) => ({
  tier: 'metrics' as const,
  tenantId,
  scopeKey,
  catalogVersion: 'cat-1',
  timeZone: 'UTC',
  parts,
});

describe.each(backends)('cache store: $name', (backend) => {
  it('stores, reads back in order, expires and deletes', async () => {
    const s = backend.make();
    expect(await s.set('a', 'alpha', 10_000)).toBe(true);
    expect(await s.set('b', 'beta ✓', 60)).toBe(true);
    expect(await s.getMany(['b', 'missing', 'a'])).toEqual(['beta ✓', undefined, 'alpha']);
    await sleep(120);
    expect(await s.getMany(['a', 'b'])).toEqual(['alpha', undefined]);
    await s.delete('a');
    expect(await s.getMany(['a'])).toEqual([undefined]);
  });

  it('add stores only when absent (locks, replay marks)', async () => {
    const s = backend.make();
    expect(await s.add('lock', 'x', 10_000)).toBe(true);
    expect(await s.add('lock', 'y', 10_000)).toBe(false);
    expect(await s.getMany(['lock'])).toEqual(['x']);
    await s.delete('lock');
    expect(await s.add('lock', 'z', 10_000)).toBe(true);
  });

  it('counters increment atomically and read back through getMany', async () => {
    const s = backend.make();
    const results = await Promise.all(Array.from({ length: 50 }, () => s.incr('gen:t:metrics')));
    expect([...results].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await s.getMany(['gen:t:metrics'])).toEqual(['50']);
  });

  it('refuses values above maxValueBytes (served by the caller, not cached)', async () => {
    const s = backend.make({ maxValueBytes: 1000 });
    expect(await s.set('big', 'x'.repeat(2000), 10_000)).toBe(false);
    expect(await s.getMany(['big'])).toEqual([undefined]);
    expect(await s.set('small', 'x'.repeat(100), 10_000)).toBe(true);
  });

  it('response cache: miss then hit, with data age', async () => {
    const metrics = createMetricsRegistry();
    const cache = createResponseCache({ store: backend.make(), metrics });
    let runs = 0;
    const compute = async () => `answer ${++runs}`;
    const first = await cache.through(req('t1', { q: 1 }), compute, text);
    expect(first).toEqual({ value: 'answer 1', status: 'miss', ageMs: 0 });
    await sleep(30);
    const second = await cache.through(req('t1', { q: 1 }), compute, text);
    expect(second.status).toBe('hit');
    expect(second.value).toBe('answer 1');
    expect(second.ageMs).toBeGreaterThanOrEqual(25);
    expect(runs).toBe(1);
    expect(metrics.value('miq_cache_requests_total', { tier: 'metrics', status: 'hit' })).toBe(1);
  });

  it('keys never cross tenants, scopes or queries', async () => {
    const cache = createResponseCache({ store: backend.make(), metrics: createMetricsRegistry() });
    const seen: string[] = [];
    const run = (label: string) => async () => {
      seen.push(label);
      return label;
    };
    expect((await cache.through(req('t1', { q: 1 }), run('t1'), text)).value).toBe('t1');
    expect((await cache.through(req('t2', { q: 1 }), run('t2'), text)).value).toBe('t2');
    expect((await cache.through(req('t1', { q: 1 }, 'locked-a'), run('t1a'), text)).value).toBe('t1a');
    expect((await cache.through(req('t1', { q: 2 }), run('t1q2'), text)).value).toBe('t1q2');
    expect((await cache.through(req('t1', { q: 1 }), run('again'), text)).value).toBe('t1');
    expect(seen).toEqual(['t1', 't2', 't1a', 't1q2']);
  });

  it('a generation bump invalidates one tenant in O(1) and leaves the others cached', async () => {
    const cache = createResponseCache({ store: backend.make(), metrics: createMetricsRegistry() });
    let n = 0;
    const compute = async () => `v${++n}`;
    await cache.through(req('t1', 'q'), compute, text);
    await cache.through(req('t2', 'q'), compute, text);
    await cache.bumpTenant('t1');
    const t1 = await cache.through(req('t1', 'q'), compute, text);
    const t2 = await cache.through(req('t2', 'q'), compute, text);
    expect([t1.status, t1.value]).toEqual(['miss', 'v3']);
    expect([t2.status, t2.value]).toEqual(['hit', 'v2']);
  });

  it('a saved-view invalidation only touches that user', async () => {
    const cache = createResponseCache({ store: backend.make(), metrics: createMetricsRegistry() });
    let n = 0;
    const compute = async () => `v${++n}`;
    const view = (user: string) => ({
      ...req('t1', ['view', user]),
      tier: 'dashboard' as const,
      extraGenerations: [`view:${user}`],
    });
    await cache.through(view('ann'), compute, text);
    await cache.through(view('bob'), compute, text);
    await cache.invalidateSavedView('t1', 'ann');
    expect((await cache.through(view('ann'), compute, text)).status).toBe('miss');
    expect((await cache.through(view('bob'), compute, text)).status).toBe('hit');
  });

  it('single flight: concurrent misses run one computation and all get its value', async () => {
    const cache = createResponseCache({ store: backend.make(), metrics: createMetricsRegistry() });
    let runs = 0;
    const compute = async () => {
      runs++;
      await sleep(50);
      return 'shared';
    };
    const all = await Promise.all(Array.from({ length: 100 }, () => cache.through(req('t1', 'sf'), compute, text)));
    expect(runs).toBe(1);
    expect(new Set(all.map((r) => r.value))).toEqual(new Set(['shared']));
  });

  it('single flight across instances: a second cache on the same store waits for the first one', async () => {
    const store = backend.make();
    const a = createResponseCache({ store, metrics: createMetricsRegistry() });
    // A second instance: its own in-process flights, the same shared store.
    const b = createResponseCache({ store, metrics: createMetricsRegistry() });
    let runs = 0;
    const compute = async () => {
      runs++;
      await sleep(100);
      return 'once';
    };
    const [ra, rb] = await Promise.all([
      a.through(req('t1', 'x'), compute, text),
      b.through(req('t1', 'x'), compute, text),
    ]);
    expect([ra.value, rb.value]).toEqual(['once', 'once']);
    expect(runs).toBe(1);
  });

  it('stale-while-revalidate within a generation, never across one', async () => {
    let clockMs = Date.now();
    const realNow = Date.now;
    const cache = createResponseCache({ store: backend.make(), metrics: createMetricsRegistry() });
    let n = 0;
    const compute = async () => `v${++n}`;
    try {
      await cache.through(req('t1', 'swr'), compute, text);
      // Past the 5-minute fresh time, within the stale window.
      clockMs += 6 * 60_000;
      Date.now = () => clockMs;
      const stale = await cache.through(req('t1', 'swr'), compute, text);
      expect([stale.status, stale.value]).toEqual(['stale', 'v1']);
      await cache.settle();
      const refreshed = await cache.through(req('t1', 'swr'), compute, text);
      expect([refreshed.status, refreshed.value]).toEqual(['hit', 'v2']);
      // After a bump nothing of the old generation is served, stale or not.
      clockMs += 6 * 60_000;
      await cache.bumpTenant('t1');
      const after = await cache.through(req('t1', 'swr'), compute, text);
      expect([after.status, after.value]).toEqual(['miss', 'v3']);
    } finally {
      Date.now = realNow;
    }
  });

  it('a failing computation is not cached and reaches every waiter', async () => {
    const cache = createResponseCache({ store: backend.make(), metrics: createMetricsRegistry() });
    let runs = 0;
    const failing = async () => {
      runs++;
      await sleep(20);
      throw new Error('warehouse down');
    };
    const results = await Promise.allSettled([1, 2, 3].map(() => cache.through(req('t1', 'err'), failing, text)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(runs).toBe(1);
    expect((await cache.through(req('t1', 'err'), async () => 'ok', text)).status).toBe('miss');
  });

  it('a too-large value is served and counted, not cached', async () => {
    const metrics = createMetricsRegistry();
    const cache = createResponseCache({ store: backend.make({ maxValueBytes: 500 }), metrics });
    const big = 'y'.repeat(5000);
    expect((await cache.through(req('t1', 'big'), async () => big, text)).value).toBe(big);
    expect((await cache.through(req('t1', 'big'), async () => big, text)).status).toBe('miss');
    expect(metrics.value('miq_cache_not_stored_total', { tier: 'metrics', reason: 'too_large' })).toBe(2);
  });
});
