import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreparedCache, runAndReadInline } from './inline-run.js';

const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const c = await instance.connect();

beforeAll(async () => {
  // ~3M rows: enough chunks and pipeline tasks that a 0.01 ms budget leaves most of the work to the pool.
  await c.run(
    'create table t as select i, i % 7 as k, repeat(chr(65 + (i % 26)::int), 3) as s from range(3000000) r(i)',
  );
});
afterAll(() => {
  c.closeSync();
  instance.closeSync();
});

const SQL =
  'select k, count(*)::bigint as n, sum(i)::bigint as total, min(s) as s from t where i >= $1 group by k order by k';

describe('runAndReadInline', () => {
  it('answers as runAndReadAll does, whatever the share of the work done inline', async () => {
    const expected = (await c.runAndReadAll(SQL, [1000])).getRowObjectsJS();
    expect(expected).toHaveLength(7);
    for (const budget of [0, 0.01, 2, 10_000]) {
      const reader = await runAndReadInline(c, SQL, [1000], budget);
      expect(reader.getRowObjectsJS(), `budget ${budget}`).toEqual(expected);
    }
  });

  it('reads every chunk of a large result (many chunks, read without the pool)', async () => {
    const reader = await runAndReadInline(c, 'select i from t where i < $1 order by i', [100_000], 2);
    expect(reader.currentRowCount).toBe(100_000);
    const column = reader.getColumnsJS()[0] as bigint[];
    expect(column[0]).toBe(0n);
    expect(column[99_999]).toBe(99_999n);
  });

  it('reuses a prepared statement with new parameters, and keeps at most `capacity` statements', async () => {
    const cache = new PreparedCache(2);
    const a = await runAndReadInline(c, SQL, [0], 2, cache);
    const b = await runAndReadInline(c, SQL, [2_999_990], 2, cache);
    expect(a.getRowObjectsJS()).toEqual((await c.runAndReadAll(SQL, [0])).getRowObjectsJS());
    // The second run took the cached statement and bound the new value: only the last 10 rows count.
    const last = b.getRowObjectsJS();
    expect(last.reduce((s, r) => s + Number(r.n), 0)).toBe(10);
    expect(cache.take(SQL)).toBeDefined(); // (taken out: the cache is empty again)
    for (const n of [1, 2, 3]) await runAndReadInline(c, `select ${n} as n`, [], 2, cache);
    // Three statements through a cache of two: the least recently used one was dropped.
    expect(cache.take('select 1 as n')).toBeUndefined();
    expect(cache.take('select 2 as n')).toBeDefined();
    expect(cache.take('select 3 as n')).toBeDefined();
  });

  it('a failing statement is reported and not kept', async () => {
    const cache = new PreparedCache(4);
    await expect(runAndReadInline(c, 'select 1 / 0 as x, error($1) as e', ['boom'], 2, cache)).rejects.toThrow(/boom/);
    expect(cache.take('select 1 / 0 as x, error($1) as e')).toBeUndefined();
    // The connection is still usable.
    expect((await runAndReadInline(c, 'select 42 as n', [], 2, cache)).getRowObjectsJS()).toEqual([{ n: 42 }]);
  });
});
