/**
 * Versioned marts on the embedded warehouse: the `current` pointer picks the file, `reattach` swaps a location to the
 * new version while queries keep running (none fails, none sees a half-swapped state), and a `marts.duckdb` written
 * after the pointer (a fresh `scripts/warehouse.sh`) wins over it.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { createDuckDbWarehouse, currentMartsFile } from './duckdb-warehouse.js';

const dir = mkdtempSync(join(tmpdir(), 'miq-versioned-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function writeMarts(file: string, value: number): Promise<void> {
  const instance = await DuckDBInstance.create(file);
  const c = await instance.connect();
  await c.run(`create schema facts; create table facts.v as select ${value} as n`);
  c.closeSync();
  instance.closeSync();
}

const scope = { tenantId: 't', warehouseLocation: 'loc', timeZone: 'UTC', reportingCurrency: 'USD', lockedFilters: {} };
const q = { sql: 'select n from "loc".facts.v', parameters: [], location: 'loc' };

describe('versioned marts', () => {
  it('reads the pointed version, swaps while serving, and prefers a newer marts.duckdb', async () => {
    mkdirSync(join(dir, 'loc'));
    await writeMarts(join(dir, 'loc', 'marts.duckdb'), 0);
    expect(await currentMartsFile(dir, 'loc')).toBe('marts.duckdb');
    const w = await createDuckDbWarehouse({ dataDir: dir, threads: 1 });
    try {
      expect(await w.execute(q, { scope })).toEqual([{ n: 0 }]);
      await writeMarts(join(dir, 'loc', 'marts-1.duckdb'), 1);
      writeFileSync(join(dir, 'loc', 'current'), 'marts-1.duckdb\n');
      // Still attached to version 0 until the swap.
      expect(await w.execute(q, { scope })).toEqual([{ n: 0 }]);
      const during = Array.from({ length: 40 }, () => w.execute(q, { scope }));
      const swapped = w.reattach('loc');
      const after = Array.from({ length: 40 }, () => w.execute(q, { scope }));
      expect(await swapped).toBe('marts-1.duckdb');
      const results = await Promise.all([...during, ...after]);
      for (const r of results) expect([[{ n: 0 }], [{ n: 1 }]]).toContainEqual(r);
      // Everything that started after the swap was requested reads the new version.
      for (const r of results.slice(40)) expect(r).toEqual([{ n: 1 }]);
      expect(w.attachedFile('loc')).toBe('marts-1.duckdb');

      // A fresh build of marts.duckdb after the pointer was written wins.
      const past = new Date(Date.now() - 60_000);
      utimesSync(join(dir, 'loc', 'current'), past, past);
      expect(await currentMartsFile(dir, 'loc')).toBe('marts.duckdb');
      writeFileSync(join(dir, 'loc', 'current'), '../../etc/passwd');
      await expect(currentMartsFile(dir, 'loc')).rejects.toThrow(/invalid marts pointer/);
    } finally {
      await w.close();
    }
  });
});
