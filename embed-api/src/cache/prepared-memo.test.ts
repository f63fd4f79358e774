/**
 * The warm-hit memo of the cached semantic layer (prepared request per scope object and minute) over the real semantic
 * layer and DuckDB warehouse (MIQ_WAREHOUSE_DIR): a relative date range is resolved again after midnight in the
 * tenant's zone (not served from yesterday's entry), and equal bodies under another tenant or another locked filter
 * set never share an answer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSemanticLayer, loadCatalog, type SemanticLayer } from '../semantic/index.js';
import type { TenantScope } from '../semantic/scope.js';
import { createDuckDbWarehouse, type DuckDbWarehouse } from '../warehouse/duckdb/duckdb-warehouse.js';
import { type CachedSemantic, createCachedSemantic } from './cached-semantic.js';
import { createLruStore } from './lru/lru-store.js';
import { createMetricsRegistry } from './metrics.js';
import { createResponseCache } from './response-cache.js';
import { countingWarehouse, testWarehouseDir } from './testing.js';

interface Answer {
  rows: Record<string, unknown>[];
  query: { timeDimension: { dateRange: [string, string] } | null; filters: unknown[] };
  meta: { cache: { status: string } };
}

describe('cached semantic layer: the prepared-request memo', () => {
  let warehouse: DuckDbWarehouse & { executions: unknown[] };
  let cached: CachedSemantic;
  let layer: SemanticLayer;
  const chicago = (lockedFilters: TenantScope['lockedFilters'] = {}): TenantScope => ({
    tenantId: 'rare-seeds',
    warehouseLocation: 'rare-seeds',
    timeZone: 'America/Chicago',
    reportingCurrency: 'USD',
    lockedFilters,
  });

  beforeAll(async () => {
    const dir = testWarehouseDir();
    const catalog = loadCatalog(JSON.parse(readFileSync(join(dir, 'semantic_manifest.json'), 'utf8')));
    warehouse = countingWarehouse(await createDuckDbWarehouse({ dataDir: dir, memoryLimit: '256MB', threads: 1 }));
    layer = createSemanticLayer({ catalog, warehouse });
    cached = createCachedSemantic(
      layer,
      createResponseCache({ store: createLruStore(), metrics: createMetricsRegistry() }),
    );
  });
  afterAll(() => warehouse?.close());

  const ask = async (body: unknown, scope: TenantScope, now: string) =>
    JSON.parse(await cached.queryText('metrics', body, scope, { now: new Date(now) })) as Answer;

  it('resolves "today" again after midnight in the tenant’s zone (Chicago), on the same scope object', async () => {
    const scope = chicago();
    const body = { measures: ['ads.clicks'], timeDimension: { dimension: 'date.day', dateRange: 'today' } };
    // 23:59:30 and 23:59:50 in Chicago (UTC-6 in November) on the 23rd, then 00:00:30 and 00:00:50 on the 24th.
    const late = await ask(body, scope, '2026-11-24T05:59:30Z');
    expect(late.query.timeDimension?.dateRange).toEqual(['2026-11-23', '2026-11-23']);
    expect(late.meta.cache.status).toBe('miss');
    expect((await ask(body, scope, '2026-11-24T05:59:50Z')).meta.cache.status).toBe('hit');

    const after = await ask(body, scope, '2026-11-24T06:00:30Z');
    expect(after.query.timeDimension?.dateRange).toEqual(['2026-11-24', '2026-11-24']);
    expect(after.meta.cache.status).toBe('miss');
    const again = await ask(body, scope, '2026-11-24T06:00:50Z');
    expect(again.query.timeDimension?.dateRange).toEqual(['2026-11-24', '2026-11-24']);
    expect(again.meta.cache.status).toBe('hit');
  });

  it('the uncached layer (its compiled-statement memo) also resolves "today" again after local midnight', async () => {
    const scope = chicago();
    const body = { measures: ['ads.clicks'], timeDimension: { dimension: 'date.day', dateRange: 'today' } };
    const before = await layer.query(body, scope, { now: new Date('2026-11-24T05:59:30Z') });
    const again = await layer.query(body, scope, { now: new Date('2026-11-24T05:59:50Z') });
    const after = await layer.query(body, scope, { now: new Date('2026-11-24T06:00:30Z') });
    expect(before.query.timeDimension?.dateRange).toEqual(['2026-11-23', '2026-11-23']);
    expect(again.query.timeDimension?.dateRange).toEqual(['2026-11-23', '2026-11-23']);
    expect(after.query.timeDimension?.dateRange).toEqual(['2026-11-24', '2026-11-24']);
  });

  it('equal bodies under another tenant or another locked filter set get their own answers', async () => {
    const body = { measures: ['ads.clicks'], dimensions: ['platform.code'] };
    const now = '2026-11-24T12:00:00Z';
    const open = await ask(body, chicago(), now);
    const googleOnly = await ask(body, chicago({ 'platform.code': ['google_ads'] }), now);
    const other = await ask(body, { ...chicago(), tenantId: 'nordic-knits', warehouseLocation: 'nordic-knits' }, now);
    expect(googleOnly.meta.cache.status).toBe('miss');
    expect(other.meta.cache.status).toBe('miss');
    expect(googleOnly.rows.map((r) => r['platform.code'])).toEqual(['google_ads']);
    expect(open.rows.map((r) => r['platform.code']).sort()).toEqual(expect.arrayContaining(['google_ads', 'meta']));
    expect(other.rows).not.toEqual(open.rows);
    // Served again, each scope still gets its own (now cached) answer.
    expect((await ask(body, chicago({ 'platform.code': ['google_ads'] }), now)).rows).toEqual(googleOnly.rows);
    expect((await ask(body, chicago(), now)).rows).toEqual(open.rows);
  });
});
