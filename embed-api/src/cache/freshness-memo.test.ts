import { describe, expect, it } from 'vitest';
import type { TenantScope } from '../semantic/scope.js';
import type { CompiledQuery, Warehouse } from '../warehouse/types.js';
import { createFreshnessMemo } from './freshness-memo.js';

const scope = (location: string): TenantScope => ({
  tenantId: location,
  warehouseLocation: location,
  timeZone: 'UTC',
  reportingCurrency: 'USD',
  lockedFilters: {},
});
const freshnessOf = (location: string): CompiledQuery => ({
  sql: 'select source, last_synced_at from "x"."marts"."source_freshness" where tenant_id = ?',
  parameters: [location],
  location,
});

/** A warehouse that answers with the location and the marts file it has attached, and counts its runs. */
function fakeWarehouse() {
  const files = new Map<string, string>();
  let runs = 0;
  let fail = false;
  const warehouse: Warehouse & { attachedFile: (l: string) => string | undefined } = {
    dialect: 'duckdb',
    attachedFile: (l) => files.get(l),
    async execute(q) {
      runs++;
      if (fail) throw new Error('table missing');
      return [{ source: 'google_ads', last_synced_at: `${q.location}@${files.get(q.location) ?? 'none'}` }];
    },
    close: async () => {},
  };
  return {
    warehouse,
    files,
    runs: () => runs,
    failNext: (v: boolean) => {
      fail = v;
    },
  };
}

describe('freshness memo', () => {
  it('runs once per tenant and marts version; a swap or the time to live runs it again; failures are not kept', async () => {
    let now = 1_000;
    const w = fakeWarehouse();
    w.files.set('a', 'marts.duckdb');
    w.files.set('b', 'marts.duckdb');
    const rows = createFreshnessMemo(w.warehouse, { ttlMs: 60_000, now: () => now });

    const [first, second] = await Promise.all([rows(freshnessOf('a'), scope('a')), rows(freshnessOf('a'), scope('a'))]);
    expect(first).toEqual([{ source: 'google_ads', last_synced_at: 'a@marts.duckdb' }]);
    expect(second).toEqual(first);
    expect(w.runs()).toBe(1);
    // Another tenant: its own run and its own answer.
    expect((await rows(freshnessOf('b'), scope('b')))[0]?.last_synced_at).toBe('b@marts.duckdb');
    expect(w.runs()).toBe(2);

    // A rebuild swapped tenant a's marts file: the next request sees the new version.
    w.files.set('a', 'marts-1.duckdb');
    expect((await rows(freshnessOf('a'), scope('a')))[0]?.last_synced_at).toBe('a@marts-1.duckdb');
    expect(w.runs()).toBe(3);
    expect((await rows(freshnessOf('b'), scope('b')))[0]?.last_synced_at).toBe('b@marts.duckdb');
    expect(w.runs()).toBe(3);

    // Past the time to live (no versioned files, e.g. Snowflake): asked again.
    now += 60_000;
    await rows(freshnessOf('b'), scope('b'));
    expect(w.runs()).toBe(4);

    // A failed run is not remembered.
    w.files.set('b', 'marts-2.duckdb');
    w.failNext(true);
    await expect(rows(freshnessOf('b'), scope('b'))).rejects.toThrow('table missing');
    w.failNext(false);
    expect((await rows(freshnessOf('b'), scope('b')))[0]?.last_synced_at).toBe('b@marts-2.duckdb');
    expect(w.runs()).toBe(6);
  });
});
