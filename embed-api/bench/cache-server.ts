/**
 * Server half of the cache benchmark (started by `cache.bench.ts`): the real app (token verification with the
 * verified-token cache, in-process rate limits, buffered audit log, real semantic layer over DuckDB) with the response
 * cache on `BENCH_STORE` (`lru` or `redis` at MIQ_TEST_REDIS_URL / REDIS_URL), plus a bare Hono route `POST /bare`
 * on the same server returning the bytes of a warm hit. App database: PostgreSQL at MIQ_TEST_PG_URL if set, else PGlite. Prints one JSON line `{ url, token, body }` when ready.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { Redis } from 'ioredis';
import { createLocalGenerationBus } from '../src/cache/generation-bus.js';
import { createLruStore } from '../src/cache/lru/lru-store.js';
import { createRedisGenerationBus } from '../src/cache/redis/redis-generation-bus.js';
import { createRedisStore } from '../src/cache/redis/redis-store.js';
import { createCacheWorld } from '../src/cache/testing.js';

const kind = process.env.BENCH_STORE ?? 'lru';
const redisUrl = process.env.MIQ_TEST_REDIS_URL ?? process.env.REDIS_URL;
if (kind === 'redis' && !redisUrl) throw new Error('BENCH_STORE=redis needs MIQ_TEST_REDIS_URL or REDIS_URL');
const prefix = `bench:${process.pid}:`;
const client =
  kind === 'redis' ? new Redis(redisUrl as string, { maxRetriesPerRequest: 0, enableOfflineQueue: false }) : undefined;
const store = client ? createRedisStore({ client, timeoutMs: 50, prefix }) : createLruStore();
// The L1 as the Node entry configures it (BENCH_L1_MS=0 measures the store alone).
const l1Ms = Number(process.env.BENCH_L1_MS ?? 1000);
const l1 = !client
  ? l1Ms > 0
    ? { ttlMs: l1Ms, bus: createLocalGenerationBus() }
    : undefined
  : l1Ms > 0
    ? {
        ttlMs: l1Ms,
        bus: await createRedisGenerationBus(
          { publisher: client, subscriber: new Redis(redisUrl as string) },
          { prefix },
        ),
      }
    : undefined;
// The app database (tokens, tenants, the audit log) on PostgreSQL as in production when MIQ_TEST_PG_URL is set: the
// embedded PGlite runs in this process, so its audit inserts would compete with the request path for the same core.
const world = await createCacheWorld({
  store,
  ...(l1 ? { l1 } : {}),
  rateLimit: { capacity: 1e9, refillPerSecond: 1e9 },
  appDbKind: process.env.MIQ_TEST_PG_URL ? 'postgres' : 'pglite',
});
const token = await world.token('rare-seeds');
const body = JSON.stringify({
  measures: ['ads.spend', 'ads.clicks', 'ads.impressions'],
  dimensions: ['platform.code'],
  timeDimension: { dimension: 'date.day', dateRange: 'last 30 days' },
});
// Warm the entry, then snapshot a hit's bytes for the bare route.
await world.post('/api/v1/metrics', token, body);
const hit = await world.post('/api/v1/metrics', token, body);
const bytes = await hit.text();
if (!bytes.includes('"status":"hit"')) throw new Error(`not a hit: ${bytes.slice(0, 200)}`);

const bare = new Hono()
  .post('/bare', (c) => c.body(bytes, 200, { 'content-type': 'application/json' }))
  // Context only: the same, but reading and parsing the JSON request body as the metrics route must.
  .post('/bare-json', async (c) => {
    await c.req.json();
    return c.body(bytes, 200, { 'content-type': 'application/json' });
  });
const server = serve({
  port: 0,
  hostname: '127.0.0.1',
  fetch: (req, env) =>
    new URL(req.url).pathname.startsWith('/bare') ? bare.fetch(req, env) : world.app.fetch(req, env),
});
await new Promise((r) => server.once('listening', r));
const port = (server.address() as { port: number }).port;
process.stdout.write(
  `${JSON.stringify({ url: `http://127.0.0.1:${port}`, token, body, bytes: bytes.length, l1Ms: l1 ? l1Ms : 0 })}\n`,
);
process.on('SIGINT', () => process.exit(0));
process.on('SIGTERM', () => {
  server.close();
  world.close().finally(() => process.exit(0));
});
