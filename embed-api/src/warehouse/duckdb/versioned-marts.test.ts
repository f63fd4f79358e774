/**
 * Versioned marts on the embedded warehouse: the `current` pointer picks the file, `reattach` swaps a location to the
 * new version while queries keep running (none fails, none sees a half-swapped state), and a `marts.duckdb` written
 * after the pointer (a fresh `scripts/warehouse.sh`) wins over it.
 */
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { createDuckDbWarehouse, currentMartsFile } from './duckdb-warehouse.js';
import { createDbtRebuilder } from './versioned-marts.js';

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

describe('dbt rebuilder (a stand-in dbt: a shell script, since only the file handling is under test here)', () => {
  it('starts from a copy of the live version; falls back to a full build when that fails; or always builds full', async () => {
    const root = mkdtempSync(join(tmpdir(), 'miq-rebuild-'));
    try {
      mkdirSync(join(root, 'loc'));
      await writeMarts(join(root, 'loc', 'marts.duckdb'), 1);
      await writeMarts(join(root, 'full.duckdb'), 2);
      // Succeeds on a copied file (the incremental models would update it; the stand-in leaves it as it is) unless
      // FAIL_ON_COPY is set; builds from scratch (here: copies full.duckdb) when there is no file.
      const dbt = join(root, 'dbt.sh');
      writeFileSync(
        dbt,
        `#!/bin/sh\necho "$MIQ_MARTS_PATH $*" >> "${join(root, 'calls')}"\nif [ -e "$MIQ_MARTS_PATH" ]; then [ -z "$FAIL_ON_COPY" ] && exit 0; echo "column mismatch" >&2; exit 1; fi\ncp "${join(root, 'full.duckdb')}" "$MIQ_MARTS_PATH"\n`,
      );
      chmodSync(dbt, 0o755);
      const w = await createDuckDbWarehouse({ dataDir: root, threads: 1 });
      const logs: Record<string, unknown>[] = [];
      const rebuilder = (env: Record<string, string>, incremental?: boolean, compactEvery?: number) =>
        createDbtRebuilder({
          dataDir: root,
          repoRoot: root,
          warehouse: w,
          dbtBin: dbt,
          tenantsFile: join(import.meta.dirname, '../../../../dbt/generator/tenants.json'),
          env,
          log: (message, fields) => logs.push({ message, ...fields }),
          ...(incremental === undefined ? {} : { incremental }),
          ...(compactEvery === undefined ? {} : { compactEvery }),
        });
      try {
        expect(await w.execute(q, { scope })).toEqual([{ n: 1 }]);
        expect(await rebuilder({})('loc')).toBe('marts-1.duckdb');
        expect(await w.execute(q, { scope })).toEqual([{ n: 1 }]); // the copy, "updated" by the stand-in
        expect(await rebuilder({ FAIL_ON_COPY: '1' })('loc')).toBe('marts-2.duckdb');
        expect(await w.execute(q, { scope })).toEqual([{ n: 2 }]); // the full build
        expect(await rebuilder({}, false)('loc')).toBe('marts-3.duckdb');
        expect(await w.execute(q, { scope })).toEqual([{ n: 2 }]);
        expect(logs.map((l) => [l.message, l.mode ?? null])).toEqual([
          ['marts rebuilt', 'incremental'],
          ['incremental rebuild failed; full build', null],
          ['marts rebuilt', 'full'],
          ['marts rebuilt', 'full'],
        ]);
        // dbt ran 1 + 2 + 1 times; older versions than the previous one were removed.
        expect(readFileSync(join(root, 'calls'), 'utf8').trim().split('\n')).toHaveLength(4);
        expect(await currentMartsFile(root, 'loc')).toBe('marts-3.duckdb');
        // Every second version (here) built from a copy also compacts the file: dbt gets the compact_marts var.
        expect(await rebuilder({}, true, 2)('loc')).toBe('marts-4.duckdb');
        expect(await rebuilder({}, true, 2)('loc')).toBe('marts-5.duckdb');
        const calls = readFileSync(join(root, 'calls'), 'utf8').trim().split('\n');
        expect(calls.slice(0, 4).some((c) => c.includes('compact_marts'))).toBe(false);
        // dbt always writes the fixed build path (its parsed project stays valid); the file is renamed afterwards.
        for (const c of calls) expect(c.split(' ')[0]).toBe(join(root, 'loc', 'build', 'marts.duckdb'));
        expect(calls[4]).toContain('--vars {compact_marts: true}');
        expect(calls[5]).not.toContain('compact_marts');
        expect(readdirSync(join(root, 'loc', 'build'))).toEqual([]);
        expect(logs.slice(4).map((l) => [l.mode, l.compacted ?? false])).toEqual([
          ['incremental', true],
          ['incremental', false],
        ]);
      } finally {
        await w.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
