import { describe, expect, it } from 'vitest';
import type { TenantScope } from '../semantic/scope.js';
import type { MetricsResponse, NormalizedQuery } from '../wire/index.js';
import { type CacheableSemantic, createCachedSemantic } from './cached-semantic.js';
import { createLruStore } from './lru/lru-store.js';
import { createMetricsRegistry } from './metrics.js';
import { createResponseCache } from './response-cache.js';

const scope = (tenantId: string): TenantScope => ({
  tenantId,
  warehouseLocation: tenantId,
  timeZone: 'UTC',
  reportingCurrency: 'USD',
  lockedFilters: {},
});

/** A fake layer answering a fixed, hand-written response per tenant and counting its queries. */
function fakeLayer(answers: Record<string, unknown>) {
  let queries = 0;
  const layer: CacheableSemantic = {
    catalog: { version: 'v1' },
    schemaFor: () => ({}),
    normalize: (body) => body as NormalizedQuery,
    query: async (_body, s) => {
      queries++;
      return answers[s.tenantId] as MetricsResponse;
    },
  };
  return { layer, queries: () => queries };
}

describe('cached semantic: queryText (a hit served from the stored bytes)', () => {
  // Key order matters for the check: `meta` is not the last field and has fields of its own; a string holds JSON-ish
  // text and a quote, so a splice in the wrong place would show.
  const answerA = {
    meta: { columns: ['platform.code'], note: '"meta":{}' },
    rows: [{ 'platform.code': 'meta', 'ads.clicks': 12 }],
  };
  const answerB = { rows: [{ 'platform.code': 'google_ads', 'ads.clicks': 7 }] };

  it('miss then hit: the same JSON as queryTier, meta.cache spliced in, one layer query per tenant', async () => {
    const t0 = Date.parse('2026-11-25T10:00:00Z');
    let nowMs = t0;
    const cache = createResponseCache({ store: createLruStore(), metrics: createMetricsRegistry() });
    const { layer, queries } = fakeLayer({ a: answerA, b: answerB });
    const cached = createCachedSemantic(layer, cache, { clock: () => new Date(nowMs) });
    const body = { measures: ['ads.clicks'] };

    const first = JSON.parse(await cached.queryText('metrics', body, scope('a')));
    expect(first).toEqual({
      ...answerA,
      meta: { ...answerA.meta, cache: { hit: false, status: 'miss', ageSeconds: 0 } },
    });
    // Field order as queryTier/withCacheMeta produce it: meta first, cache last inside meta.
    expect(Object.keys(first)).toEqual(['meta', 'rows']);
    expect(Object.keys(first.meta)).toEqual(['columns', 'note', 'cache']);

    nowMs = t0 + 1500;
    const text = await cached.queryText('metrics', body, scope('a'));
    const hit = JSON.parse(text);
    expect(hit.meta.cache.status).toBe('hit');
    expect(hit.meta.cache.hit).toBe(true);
    expect(hit.meta.cache.ageSeconds).toBeGreaterThanOrEqual(0);
    expect(hit.rows).toEqual(answerA.rows);
    expect(hit.meta.note).toBe('"meta":{}');
    // The object path reads the same entry and agrees field for field (age aside, measured separately).
    const viaObject = await cached.queryTier('metrics', body, scope('a'));
    expect({ ...viaObject, meta: { ...viaObject.meta, cache: null } }).toEqual({
      ...hit,
      meta: { ...hit.meta, cache: null },
    });
    expect(queries()).toBe(1);

    // Another tenant, same body: its own answer (no meta in the layer's response → meta holds only cache).
    const b = JSON.parse(await cached.queryText('metrics', body, scope('b')));
    expect(b).toEqual({ rows: answerB.rows, meta: { cache: { hit: false, status: 'miss', ageSeconds: 0 } } });
    const b2 = JSON.parse(await cached.queryText('metrics', body, scope('b')));
    expect(b2.rows).toEqual(answerB.rows);
    expect(b2.meta.cache.status).toBe('hit');
    expect(queries()).toBe(2);
  });
});
