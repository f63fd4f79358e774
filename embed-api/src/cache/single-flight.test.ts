/**
 * Acceptance 2: 200 concurrent identical cold requests reach the warehouse once. Statements are counted by a wrapper
 * around the real DuckDB warehouse; "once" = the statements of ONE semantic query (its compiled statements: the query
 * and its freshness lookup), taken from the compiler, not from the cache.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createLruStore } from './lru/lru-store.js';
import { createRedisStore } from './redis/redis-store.js';
import { type CacheWorld, createCacheWorld } from './testing.js';

const BODY = {
  measures: ['ads.spend', 'ads.clicks'],
  dimensions: ['platform.code'],
  timeDimension: { dimension: 'date.day', dateRange: 'last 90 days' },
};

function redisStore(prefix: string) {
  const url = process.env.MIQ_TEST_REDIS_URL;
  if (!url) throw new Error('MIQ_TEST_REDIS_URL is not set: start scripts/services.sh (make test does)');
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  return createRedisStore({ client, timeoutMs: 2000, prefix });
}

describe('single flight over the real warehouse', () => {
  const worlds: CacheWorld[] = [];
  afterAll(async () => {
    for (const w of worlds) {
      await w.cache.store.close();
      await w.close();
    }
  });

  it('LRU: 200 concurrent identical cold requests run one warehouse query', async () => {
    const w = await createCacheWorld({ store: createLruStore(), rateLimit: { capacity: 500, refillPerSecond: 500 } });
    worlds.push(w);
    const token = await w.token('rare-seeds');
    const scopeStatements = w.layer.compile(BODY, {
      tenantId: 'rare-seeds',
      warehouseLocation: 'rare-seeds',
      timeZone: 'America/Chicago',
      reportingCurrency: 'USD',
      lockedFilters: {},
    }).length;
    expect(w.warehouse.executions).toHaveLength(0);
    const responses = await Promise.all(Array.from({ length: 200 }, () => w.post('/api/v1/metrics', token, BODY)));
    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(200));
    const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ rows: unknown[] }>));
    expect(new Set(bodies.map((b) => JSON.stringify(b.rows))).size).toBe(1);
    expect(bodies[0]!.rows.length).toBeGreaterThan(0);
    expect(w.warehouse.executions).toHaveLength(scopeStatements);
    // And the next request is a hit: still no further statement.
    const again = (await (await w.post('/api/v1/metrics', token, BODY)).json()) as { meta: { cache: unknown } };
    expect(again.meta.cache).toMatchObject({ hit: true, status: 'hit' });
    expect(w.warehouse.executions).toHaveLength(scopeStatements);
  });

  it('Redis: two instances, 100 concurrent cold requests each, run one warehouse query in total', async () => {
    const prefix = `sf:${process.pid}:${Date.now()}:`;
    const a = await createCacheWorld({ store: redisStore(prefix), rateLimit: { capacity: 500, refillPerSecond: 500 } });
    worlds.push(a);
    const b = await createCacheWorld({ store: redisStore(prefix), rateLimit: { capacity: 500, refillPerSecond: 500 } });
    worlds.push(b);
    const body = { ...BODY, dimensions: ['device.code'] };
    const [ta, tb] = [await a.token('nordic-knits'), await b.token('nordic-knits')];
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 2 ? a.post('/api/v1/metrics', ta, body) : b.post('/api/v1/metrics', tb, body),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(200));
    const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ rows: unknown[] }>));
    expect(new Set(bodies.map((x) => JSON.stringify(x.rows))).size).toBe(1);
    const perQuery = a.layer.compile(body, {
      tenantId: 'nordic-knits',
      warehouseLocation: 'nordic-knits',
      timeZone: 'Europe/Stockholm',
      reportingCurrency: 'EUR',
      lockedFilters: {},
    }).length;
    expect(a.warehouse.executions.length + b.warehouse.executions.length).toBe(perQuery);
  });
});
