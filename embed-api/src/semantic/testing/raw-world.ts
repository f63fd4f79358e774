/**
 * Shared set-up of the semantic layer's raw-SQL tests: the test warehouse (`MIQ_WAREHOUSE_DIR`), one tenant's scope,
 * the semantic layer over its marts, and a separate in-memory DuckDB with the tenant's `raw.duckdb` attached read-only
 * (the independent side: expected values come from plain SQL over the Fivetran tables, never from the marts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { createDuckDbWarehouse, type Warehouse } from '../../warehouse/index.js';
import { createSemanticLayer, loadCatalog, type SemanticLayer, type TenantScope } from '../index.js';

export const RAW_TENANT = 'rare-seeds';

/** The test warehouse's directory; throws when it is not built. */
export function rawWorldDir(): string {
  const dir = process.env.MIQ_WAREHOUSE_DIR ?? '';
  if (!dir || !existsSync(join(dir, 'semantic_manifest.json'))) {
    throw new Error('MIQ_WAREHOUSE_DIR must point at a built warehouse (`scripts/warehouse.sh test 0.02`).');
  }
  return dir;
}

/** rare-seeds reports in USD and all its accounts are USD, so raw amounts are reporting amounts. */
export const RAW_SCOPE: TenantScope = {
  tenantId: RAW_TENANT,
  warehouseLocation: RAW_TENANT,
  timeZone: 'America/Chicago',
  reportingCurrency: 'USD',
  lockedFilters: {},
};

export interface RawWorld {
  readonly layer: SemanticLayer;
  readonly warehouse: Warehouse;
  /** The raw side: `raw.<schema>.<table>`. */
  readonly conn: DuckDBConnection;
  readonly rows: (sql: string) => Promise<Record<string, unknown>[]>;
  /** The last day with Google Ads data (ISO date). */
  readonly lastDay: string;
  close(): Promise<void>;
}

/** Opens the layer and the raw side for `RAW_TENANT`. */
export async function openRawWorld(options: { rawMemoryLimit?: string } = {}): Promise<RawWorld> {
  const dir = rawWorldDir();
  const instance = await DuckDBInstance.create(':memory:', {
    threads: '1',
    memory_limit: options.rawMemoryLimit ?? '512MB',
  });
  const conn = await instance.connect();
  await conn.run(`ATTACH '${join(dir, RAW_TENANT, 'raw.duckdb')}' AS raw (READ_ONLY)`);
  const rows = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  const [last] = await rows('select cast(max("date") as varchar) as d from raw.google_ads.campaign_stats');
  const catalog = loadCatalog(JSON.parse(readFileSync(join(dir, 'semantic_manifest.json'), 'utf8')));
  const warehouse = await createDuckDbWarehouse({ dataDir: dir, memoryLimit: '512MB', threads: 1 });
  return {
    layer: createSemanticLayer({ catalog, warehouse }),
    warehouse,
    conn,
    rows,
    lastDay: String(last?.d),
    async close() {
      await warehouse.close();
      conn.closeSync();
      instance.closeSync();
    },
  };
}
