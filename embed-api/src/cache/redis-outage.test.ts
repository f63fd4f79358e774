/**
 * Acceptance 4: Redis killed mid-run. Requests keep succeeding (answered from the warehouse, `bypass`), the breaker
 * opens instead of waiting on every call, and after Redis restarts hits return on their own. The breaker's states
 * and transitions are read from `/internal/metrics` (Prometheus text, behind its token). This test runs its own
 * redis-server on a free port so killing it disturbs no other suite.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { internalMetricsApp } from '../routes/internal-metrics.js';
import { createMetricsRegistry } from './metrics.js';
import { createRedisStore } from './redis/redis-store.js';
import { type CacheWorld, createCacheWorld } from './testing.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 100; i++) {
    const probe = new Redis({
      port,
      host: '127.0.0.1',
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return child;
    } catch {
      probe.disconnect();
      await sleep(50);
    }
  }
  throw new Error('redis-server did not start');
}

describe('Redis killed mid-run', () => {
  let redis: ChildProcess | undefined;
  let w: CacheWorld | undefined;
  afterAll(async () => {
    redis?.kill('SIGKILL');
    await w?.cache.store.close();
    await w?.close();
  });

  it('keeps answering from the warehouse, then hits return after a restart; breaker states on /internal/metrics', async () => {
    const port = await freePort();
    redis = await startRedis(port);
    const client = new Redis({
      port,
      host: '127.0.0.1',
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => 100,
    });
    client.on('error', () => undefined);
    const metrics = createMetricsRegistry();
    const store = createRedisStore({
      client,
      timeoutMs: 100,
      breaker: {
        failureThreshold: 3,
        openMs: 300,
        onChange: (from, to) => metrics.inc('miq_cache_breaker_transitions_total', { from, to }),
      },
    });
    w = await createCacheWorld({ store, metrics });
    const internal = internalMetricsApp({ metrics, breakerState: store.breakerState, token: 'scrape-token' });
    const scrape = async () => {
      const res = await internal.request('/internal/metrics', { headers: { authorization: 'Bearer scrape-token' } });
      expect(res.status).toBe(200);
      return res.text();
    };
    expect((await internal.request('/internal/metrics')).status).toBe(401);

    const token = await w.token('kiwi-outdoors');
    const body = { measures: ['ads.impressions'], dimensions: ['device.code'] };
    const ask = async () => {
      const res = await w!.post('/api/v1/metrics', token, body);
      expect(res.status).toBe(200);
      return (await res.json()) as { rows: unknown[]; meta: { cache: { status: string } } };
    };
    const first = await ask();
    expect(first.meta.cache.status).toBe('miss');
    expect((await ask()).meta.cache.status).toBe('hit');
    expect(await scrape()).toContain('miq_cache_breaker_state{state="closed"} 1');

    redis.kill('SIGKILL');
    await new Promise((r) => redis!.once('exit', r));
    const during: string[] = [];
    const executionsBefore = w.warehouse.executions.length;
    for (let i = 0; i < 15; i++) {
      const r = await ask();
      expect(r.rows).toEqual(first.rows);
      during.push(r.meta.cache.status);
    }
    expect(new Set(during)).toEqual(new Set(['bypass']));
    expect(w.warehouse.executions.length).toBeGreaterThan(executionsBefore);
    const down = await scrape();
    expect(down).toMatch(/miq_cache_breaker_state\{state="(open|half_open)"\} 1/);
    expect(down).toContain('miq_cache_breaker_transitions_total{from="closed",to="open"} 1');
    expect(down).toMatch(/miq_cache_requests_total\{status="bypass",tier="metrics"\} 15/);

    redis = await startRedis(port);
    const after: string[] = [];
    for (let i = 0; i < 100 && after.at(-1) !== 'hit'; i++) {
      after.push((await ask()).meta.cache.status);
      await sleep(100);
    }
    expect(after.at(-1)).toBe('hit');
    const up = await scrape();
    expect(up).toContain('miq_cache_breaker_state{state="closed"} 1');
    expect(up).toContain('miq_cache_breaker_transitions_total{from="half_open",to="closed"} 1');
  }, 120_000);
});
