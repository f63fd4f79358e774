/** The DuckDB warehouse on a tiny tenant file made here: read-only attach, location check, abort → interrupt. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiqError } from '../../errors/index.js';
import type { Warehouse } from '../types.js';
import { createDuckDbWarehouse } from './duckdb-warehouse.js';

let dir: string;
let warehouse: Warehouse;
const scope = { tenantId: 't1', warehouseLocation: 't1', timeZone: 'UTC', reportingCurrency: 'USD', lockedFilters: {} };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'miq-duckdb-'));
  for (const t of ['t1', 't2']) {
    mkdirSync(join(dir, t));
    const db = await DuckDBInstance.create(join(dir, t, 'marts.duckdb'));
    const c = await db.connect();
    await c.run(
      `create schema marts.marts; create table marts.marts.f as select '${t}' as tenant_id, 12345678901234567::bigint as big, 1.5::double as x, date '2026-01-02' as d`,
    );
    c.closeSync();
    db.closeSync();
  }
  warehouse = await createDuckDbWarehouse({ dataDir: dir, threads: 1, memoryLimit: '256MB' });
});

afterAll(async () => {
  await warehouse.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('DuckDB warehouse', () => {
  it('reads the scope location, binds parameters and returns plain values', async () => {
    const rows = await warehouse.execute(
      {
        sql: 'select big, x, d, tenant_id from "t1"."marts"."f" where tenant_id = $1',
        parameters: ['t1'],
        location: 't1',
      },
      { scope },
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tenant_id).toBe('t1');
    expect(rows[0]?.x).toBe(1.5);
    expect(String(rows[0]?.big)).toBe('12345678901234567');
  });

  it('attaches tenant files read-only', async () => {
    await expect(
      warehouse.execute({ sql: 'delete from "t1"."marts"."f"', parameters: [], location: 't1' }, { scope }),
    ).rejects.toBeInstanceOf(MiqError);
  });

  it("refuses a query whose location is not the scope's", async () => {
    const err = await warehouse
      .execute({ sql: 'select 1', parameters: [], location: 't2' }, { scope })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MiqError);
    expect((err as MiqError).status).toBe(500);
  });

  it('an unknown location is unavailable, not a crash', async () => {
    const s = { ...scope, warehouseLocation: 'nope' };
    await expect(
      warehouse.execute({ sql: 'select 1', parameters: [], location: 'nope' }, { scope: s }),
    ).rejects.toMatchObject({
      code: 'warehouse_unavailable',
    });
  });

  it('an aborted signal interrupts the running query (client_closed)', async () => {
    const controller = new AbortController();
    const slow = warehouse.execute(
      {
        sql: 'select count(*) from range(10000000000) a, range(10) b where a.range * b.range = -1',
        parameters: [],
        location: 't1',
      },
      { scope, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 100);
    const t0 = Date.now();
    await expect(slow).rejects.toMatchObject({ code: 'client_closed' });
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
