/**
 * In-process micro-benchmark of the warm `/api/v1/metrics` hit through `app.request()` (no sockets): the app with the
 * LRU response cache vs a bare Hono route returning the same bytes. Best of 3 × N requests, µs per request.
 * `node --import tsx bench/warm-hit.micro.ts` (with MIQ_WAREHOUSE_DIR); add `--cpu-prof` to profile.
 */
import { Hono } from 'hono';
import { createLruStore } from '../src/cache/lru/lru-store.js';
import { createCacheWorld } from '../src/cache/testing.js';

const n = Number(process.env.BENCH_N ?? 3000);
const world = await createCacheWorld({
  store: createLruStore(),
  rateLimit: { capacity: 1e9, refillPerSecond: 1e9 },
  appDbKind: process.env.MIQ_TEST_PG_URL ? 'postgres' : 'pglite',
});
const token = await world.token('rare-seeds');
const body = JSON.stringify({
  measures: ['ads.spend', 'ads.clicks', 'ads.impressions'],
  dimensions: ['platform.code'],
  timeDimension: { dimension: 'date.day', dateRange: 'last 30 days' },
});
await world.post('/api/v1/metrics', token, body);
const bytes = await (await world.post('/api/v1/metrics', token, body)).text();
if (!bytes.includes('"status":"hit"')) throw new Error('not a hit');
const bare = new Hono().post('/bare', (c) => c.body(bytes, 200, { 'content-type': 'application/json' }));
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
async function run(fetcher: () => Promise<Response>): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await (await fetcher()).arrayBuffer();
    best = Math.min(best, ((performance.now() - t0) * 1000) / n);
  }
  return best;
}
const bareUs = await run(() => Promise.resolve(bare.request('/bare', { method: 'POST', headers, body })));
const appUs = await run(() => Promise.resolve(world.app.request('/api/v1/metrics', { method: 'POST', headers, body })));
process.stdout.write(`bare ${bareUs.toFixed(1)} µs, app warm hit ${appUs.toFixed(1)} µs\n`);
await world.close();
process.exit(0);
