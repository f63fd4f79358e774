/**
 * Acceptance 5 (adversarial cache cases): the same query under two tenants, and under two locked filters of one
 * tenant, never answers from the other's entry — on the LRU and on Redis, for `/metrics` and `/metrics/batch`.
 * Which accounts belong to whom comes from each tenant's raw Fivetran tables, not from the API.
 */
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLruStore } from './lru/lru-store.js';
import { createRedisStore } from './redis/redis-store.js';
import { type CacheWorld, createCacheWorld, testWarehouseDir } from './testing.js';
import type { CacheStore } from './types.js';

async function rawAccounts(tenant: string): Promise<Set<string>> {
  const instance = await DuckDBInstance.create(join(testWarehouseDir(), tenant, 'raw.duckdb'), {
    access_mode: 'READ_ONLY',
    threads: '1',
  });
  const c = await instance.connect();
  try {
    const r = await c.runAndReadAll(`
      select distinct cast(customer_id as varchar) as id from google_ads.campaign_stats
      union select distinct cast(account_id as varchar) from facebook_ads.ad_device_report`);
    return new Set(r.getRowObjectsJS().map((row) => String(row.id)));
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

const stores: { name: string; make: () => CacheStore }[] = [
  { name: 'lru', make: () => createLruStore() },
  {
    name: 'redis',
    make: () => {
      const url = process.env.MIQ_TEST_REDIS_URL;
      if (!url) throw new Error('MIQ_TEST_REDIS_URL is not set: start scripts/services.sh (make test does)');
      return createRedisStore({
        client: new Redis(url, { maxRetriesPerRequest: 1 }),
        timeoutMs: 2000,
        prefix: `iso:${process.pid}:${Date.now()}:`,
      });
    },
  },
];

const BODY = { measures: ['ads.clicks'], dimensions: ['account.id'] };
const META = '120208455931760418';
const SEARCH = '7261940385';

type Res = { rows: Record<string, unknown>[]; meta: { cache: { status: string } } };

describe.each(stores)('cache isolation on $name', ({ make }) => {
  let w: CacheWorld;
  const accounts = new Map<string, Set<string>>();
  beforeAll(async () => {
    w = await createCacheWorld({ store: make() });
    for (const t of ['rare-seeds', 'nordic-knits']) accounts.set(t, await rawAccounts(t));
    expect(accounts.get('rare-seeds')).toContain(META);
    expect(accounts.get('rare-seeds')).toContain(SEARCH);
  });
  afterAll(async () => {
    await w?.cache.store.close();
    await w?.close();
  });

  const ask = async (token: string, body: unknown = BODY): Promise<Res> => {
    const res = await w.post('/api/v1/metrics', token, body);
    expect(res.status).toBe(200);
    return (await res.json()) as Res;
  };
  const ids = (r: Res) => new Set(r.rows.map((row) => String(row['account.id'])));

  it('same query, two tenants: each gets its own accounts, the second is a miss', async () => {
    const a = await ask(await w.token('rare-seeds'));
    const b = await ask(await w.token('nordic-knits'));
    expect(b.meta.cache.status).toBe('miss');
    for (const id of ids(a)) expect(accounts.get('rare-seeds')).toContain(id);
    for (const id of ids(b)) expect(accounts.get('nordic-knits')).toContain(id);
    const again = await ask(await w.token('nordic-knits'));
    expect(again.meta.cache.status).toBe('hit');
    expect(ids(again)).toEqual(ids(b));
    const rareAgain = await ask(await w.token('rare-seeds'));
    expect(rareAgain.meta.cache.status).toBe('hit');
    expect(ids(rareAgain)).toEqual(ids(a));
  });

  it('same query, two locked filters of one tenant: never the other lock’s rows', async () => {
    const meta = await w.token('rare-seeds', { filters: { 'account.id': [META] } });
    const search = await w.token('rare-seeds', { filters: { 'account.id': [SEARCH] } });
    const body = { ...BODY, measures: ['ads.impressions'] };
    const m1 = await ask(meta, body);
    const s1 = await ask(search, body);
    expect([m1.meta.cache.status, s1.meta.cache.status]).toEqual(['miss', 'miss']);
    expect(ids(m1)).toEqual(new Set([META]));
    expect(ids(s1)).toEqual(new Set([SEARCH]));
    const m2 = await ask(meta, body);
    const s2 = await ask(search, body);
    expect([m2.meta.cache.status, s2.meta.cache.status]).toEqual(['hit', 'hit']);
    expect(ids(m2)).toEqual(new Set([META]));
    expect(ids(s2)).toEqual(new Set([SEARCH]));
    // The unlocked token sees both accounts: its own entry, not a locked one.
    const all = await ask(await w.token('rare-seeds'), body);
    expect(all.meta.cache.status).toBe('miss');
    expect(ids(all).has(META) && ids(all).has(SEARCH)).toBe(true);
  });

  it('the dashboard batch never crosses tenants or locks either', async () => {
    const batch = { dashboard: 'overview', queries: [BODY, { measures: ['ads.spend'] }] };
    const post = async (token: string) => {
      const res = await w.post('/api/v1/metrics/batch', token, batch);
      expect(res.status).toBe(200);
      return (await res.json()) as { results: Res[]; meta: { cache: { status: string } } };
    };
    const a = await post(await w.token('rare-seeds', { filters: { 'account.id': [META] } }));
    const b = await post(await w.token('nordic-knits'));
    expect([a.meta.cache.status, b.meta.cache.status]).toEqual(['miss', 'miss']);
    expect(ids(a.results[0]!)).toEqual(new Set([META]));
    for (const id of ids(b.results[0]!)) expect(accounts.get('nordic-knits')).toContain(id);
    const b2 = await post(await w.token('nordic-knits'));
    expect(b2.meta.cache.status).toBe('hit');
    expect(b2.results).toEqual(b.results);
  });
});
