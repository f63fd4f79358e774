/**
 * Semi-additive measures (last value over time; no part-1 fact has one yet): a minimal manifest and a tiny tenant file
 * made here, with expected values worked out by hand from the rows below.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDuckDbWarehouse } from '../../warehouse/duckdb/duckdb-warehouse.js';
import type { Warehouse } from '../../warehouse/types.js';
import { loadCatalog } from '../catalog/load-catalog.js';
import { createSemanticLayer, type SemanticLayer } from '../semantic-layer.js';

const manifest = {
  semantic_models: [
    {
      name: 'lists',
      node_relation: { alias: 'fact_list_daily', schema_name: 'marts' },
      defaults: { agg_time_dimension: 'date_day' },
      entities: [
        { name: 'lists_row', type: 'primary', expr: 'row_key' },
        { name: 'list', type: 'foreign', expr: 'list_key' },
      ],
      dimensions: [{ name: 'date_day', type: 'time', type_params: { time_granularity: 'day' } }],
      measures: [
        {
          name: 'list_members',
          agg: 'sum',
          expr: 'members',
          non_additive_dimension: { name: 'date_day', window_choice: 'max', window_groupings: [] },
        },
        { name: 'list_new', agg: 'sum', expr: 'new_members' },
      ],
    },
    {
      name: 'list',
      node_relation: { alias: 'dim_list', schema_name: 'marts' },
      entities: [{ name: 'list', type: 'primary', expr: 'list_key' }],
      dimensions: [{ name: 'name', type: 'categorical', expr: 'list_name' }],
      measures: [],
    },
  ],
  metrics: [
    {
      name: 'lists_members',
      label: 'Members',
      type: 'simple',
      type_params: { measure: { name: 'list_members' } },
      config: { meta: { member: 'lists.members', format: 'integer' } },
    },
    {
      name: 'lists_new',
      label: 'New',
      type: 'simple',
      type_params: { measure: { name: 'list_new' } },
      config: { meta: { member: 'lists.new_members', format: 'integer' } },
    },
  ],
};

let dir: string;
let warehouse: Warehouse;
let layer: SemanticLayer;
const scope = { tenantId: 't', warehouseLocation: 't', timeZone: 'UTC', reportingCurrency: 'USD', lockedFilters: {} };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'miq-semi-'));
  mkdirSync(join(dir, 't'));
  const db = await DuckDBInstance.create(join(dir, 't', 'marts.duckdb'));
  const c = await db.connect();
  await c.run(`
    create schema marts.marts;
    create table marts.marts.dim_list as select * from (values ('t', 'a', 'List A'), ('t', 'b', 'List B')) v(tenant_id, list_key, list_name);
    create table marts.marts.fact_list_daily as select * from (values
      ('t', 'r1', date '2026-01-01', 'a', 10, 1),
      ('t', 'r2', date '2026-01-02', 'a', 12, 2),
      ('t', 'r3', date '2026-01-01', 'b', 5, 3),
      ('t', 'r4', date '2026-01-09', 'a', 20, 4),
      ('t', 'r5', date '2026-01-08', 'b', 7, 5)
    ) v(tenant_id, row_key, date_day, list_key, members, new_members);`);
  c.closeSync();
  db.closeSync();
  warehouse = await createDuckDbWarehouse({ dataDir: dir, threads: 1, memoryLimit: '256MB' });
  layer = createSemanticLayer({ catalog: loadCatalog(manifest), warehouse });
});

afterAll(async () => {
  await warehouse.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('semi-additive measures', () => {
  it('keep the last day of each group, while additive measures beside them still sum', async () => {
    const byList = await layer.query(
      { measures: ['lists.members', 'lists.new_members'], dimensions: ['list.name'] },
      scope,
    );
    expect(byList.rows).toEqual([
      { 'list.name': 'List A', 'lists.members': 20, 'lists.new_members': 7 },
      { 'list.name': 'List B', 'lists.members': 7, 'lists.new_members': 8 },
    ]);
    const weekly = await layer.query(
      {
        measures: ['lists.members'],
        timeDimension: { dimension: 'date.day', granularity: 'week', dateRange: ['2025-12-29', '2026-01-11'] },
        dimensions: ['list.name'],
      },
      scope,
    );
    // Week of Dec 29: A's last day is Jan 2 (12), B's is Jan 1 (5); week of Jan 5: A 20 (Jan 9), B 7 (Jan 8).
    expect(weekly.rows.map((r) => [r['date.week'], r['list.name'], r['lists.members']])).toEqual([
      ['2025-12-29', 'List A', 12],
      ['2025-12-29', 'List B', 5],
      ['2026-01-05', 'List A', 20],
      ['2026-01-05', 'List B', 7],
    ]);
    expect(layer.schemaFor(scope).measures.find((m) => m.name === 'lists.members')?.aggregation).toBe('semi_additive');
  });
});
