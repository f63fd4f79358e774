/**
 * `POST /api/v1/metrics/batch`: a dashboard's queries in one request through the 1 h dashboard tier. Bad input names
 * the offending query; a warm batch is a hit; a rebuild (generation bump) makes it a miss; each result equals what
 * `/api/v1/metrics` answers for the same query.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLruStore } from '../cache/lru/lru-store.js';
import { type CacheWorld, createCacheWorld } from '../cache/testing.js';

describe('dashboard batch', () => {
  let w: CacheWorld;
  beforeAll(async () => {
    w = await createCacheWorld({ store: createLruStore() });
  });
  afterAll(async () => {
    await w?.close();
  });

  type Batch = { results: { rows: unknown[] }[]; meta: { cache: { status: string } } };
  const queries = [
    { measures: ['ads.spend'], dimensions: ['platform.code'] },
    {
      measures: ['ga4.sessions'],
      timeDimension: { dimension: 'date.day', granularity: 'month', dateRange: 'last 3 months' },
    },
  ];

  it('answers every query, hits when warm, misses after a rebuild', async () => {
    const token = await w.token('rare-seeds');
    const first = await w.post('/api/v1/metrics/batch', token, { dashboard: 'overview', queries });
    expect(first.status).toBe(200);
    const a = (await first.json()) as Batch;
    expect(a.meta.cache.status).toBe('miss');
    expect(a.results).toHaveLength(2);
    for (const [i, q] of queries.entries()) {
      const single = (await (await w.post('/api/v1/metrics', token, q)).json()) as { rows: unknown[] };
      expect(a.results[i]!.rows).toEqual(single.rows);
    }
    const b = (await (
      await w.post('/api/v1/metrics/batch', token, { dashboard: 'overview', queries })
    ).json()) as Batch;
    expect(b.meta.cache.status).toBe('hit');
    // Another dashboard id is another entry.
    const c = (await (await w.post('/api/v1/metrics/batch', token, { dashboard: 'other', queries })).json()) as Batch;
    expect(c.meta.cache.status).toBe('miss');
    await w.cache.bumpTenant('rare-seeds');
    const d = (await (
      await w.post('/api/v1/metrics/batch', token, { dashboard: 'overview', queries })
    ).json()) as Batch;
    expect(d.meta.cache.status).toBe('miss');
  });

  it('refuses bad batches with 400 naming the field', async () => {
    const token = await w.token('rare-seeds');
    const bad = async (body: unknown) => {
      const res = await w.post('/api/v1/metrics/batch', token, body);
      expect(res.status).toBe(400);
      return ((await res.json()) as { error: { details: { field: string }[] } }).error.details.map((d) => d.field);
    };
    expect(await bad({ queries: [] })).toEqual(['queries']);
    expect(await bad({ queries: Array(26).fill(queries[0]) })).toEqual(['queries']);
    expect(await bad({ queries, extra: 1 })).toEqual(['extra']);
    expect(await bad({ dashboard: '../x', queries })).toEqual(['dashboard']);
    const fields = await bad({ queries: [queries[0], { measures: ['ads.nope'] }] });
    expect(fields.every((f) => f.startsWith('queries[1].'))).toBe(true);
    expect((await w.post('/api/v1/metrics/batch', 'not-a-token', { queries })).status).toBe(401);
  });
});
