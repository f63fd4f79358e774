/**
 * Test harness for the cache and the refresh loop: the real app (real semantic layer over a real DuckDB warehouse,
 * PGlite app database, demo partner and tenants) with the response cache in front of the semantic layer, and a
 * wrapper that counts every statement that reaches DuckDB.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importJWK } from 'jose';
import tenantsJson from '../../../dbt/generator/tenants.json' with { type: 'json' };
import { createApp } from '../app.js';
import type { AppDb } from '../app-db/app-db.js';
import { migrateAppDb } from '../app-db/migrate.js';
import { type AppDbKind, openTestAppDb } from '../app-db/testing.js';
import { mintTenantToken, type TenantTokenClaims } from '../auth/index.js';
import { defaultAppConfig } from '../config/index.js';
import { type DemoPartnerFile, parseDemoTenants, seedDemo } from '../demo/index.js';
import { createMemoryLogger } from '../logger.js';
import type { RefreshDeps } from '../refresh/index.js';
import { createSemanticLayer, loadCatalog, type SemanticLayer } from '../semantic/index.js';
import { createDuckDbWarehouse, type DuckDbWarehouse } from '../warehouse/duckdb/duckdb-warehouse.js';
import type { CompiledQuery, Warehouse } from '../warehouse/types.js';
import { createCachedSemantic } from './cached-semantic.js';
import { createMetricsRegistry, type MetricsRegistry } from './metrics.js';
import { createResponseCache, type ResponseCache, type ResponseCacheOptions } from './response-cache.js';
import type { CacheStore } from './types.js';

export function testWarehouseDir(): string {
  const dir = process.env.MIQ_WAREHOUSE_DIR;
  if (dir === undefined || dir === '') {
    throw new Error(
      'MIQ_WAREHOUSE_DIR is not set (make test builds data/test; by hand: scripts/warehouse.sh test 0.02).',
    );
  }
  if (!existsSync(join(dir, 'semantic_manifest.json'))) throw new Error(`${dir} has no semantic_manifest.json`);
  return dir;
}

/** A private copy of some tenants of the test warehouse (never write into data/test: other suites read it). */
export function copyWarehouse(tenants: readonly string[]): string {
  const src = testWarehouseDir();
  const dir = mkdtempSync(join(tmpdir(), 'miq-cache-wh-'));
  for (const f of ['semantic_manifest.json', 'manifest.json']) cpSync(join(src, f), join(dir, f));
  for (const t of tenants) {
    for (const f of ['raw.duckdb', 'marts.duckdb']) cpSync(join(src, t, f), join(dir, t, f));
  }
  return dir;
}

/** Counts the statements that reach the warehouse, per location (freshness statements included). */
export function countingWarehouse<W extends Warehouse>(inner: W): W & { executions: CompiledQuery[] } {
  const executions: CompiledQuery[] = [];
  return Object.assign(Object.create(inner) as W, inner, {
    executions,
    execute(q: CompiledQuery, o: Parameters<Warehouse['execute']>[1]) {
      executions.push(q);
      return inner.execute(q, o);
    },
    ...(inner.executeColumns
      ? {
          executeColumns(q: CompiledQuery, o: Parameters<Warehouse['execute']>[1]) {
            executions.push(q);
            return inner.executeColumns?.(q, o) as ReturnType<NonNullable<Warehouse['executeColumns']>>;
          },
        }
      : {}),
  });
}

export interface CacheWorld {
  readonly app: ReturnType<typeof createApp>;
  readonly appDb: AppDb;
  readonly warehouse: DuckDbWarehouse & { executions: CompiledQuery[] };
  readonly layer: SemanticLayer;
  readonly cache: ResponseCache;
  readonly metrics: MetricsRegistry;
  readonly demo: DemoPartnerFile;
  readonly dir: string;
  token(tenant: string, extra?: Partial<TenantTokenClaims>): Promise<string>;
  post(path: string, token: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function createCacheWorld(o: {
  readonly store: CacheStore;
  /** In-process L1 in front of a shared store (see `ResponseCacheOptions.l1`). */
  readonly l1?: ResponseCacheOptions['l1'];
  readonly dir?: string;
  readonly metrics?: MetricsRegistry;
  readonly refresh?: (deps: {
    warehouse: DuckDbWarehouse;
    cache: ResponseCache;
    metrics: MetricsRegistry;
  }) => RefreshDeps;
  readonly rateLimit?: { capacity: number; refillPerSecond: number };
  /** App database (default PGlite; `postgres` at MIQ_TEST_PG_URL, as in production, for the benchmark). */
  readonly appDbKind?: AppDbKind;
}): Promise<CacheWorld> {
  const dir = o.dir ?? testWarehouseDir();
  const catalog = loadCatalog(JSON.parse(readFileSync(join(dir, 'semantic_manifest.json'), 'utf8')));
  const warehouse = countingWarehouse(await createDuckDbWarehouse({ dataDir: dir, memoryLimit: '512MB', threads: 1 }));
  const appDb = await openTestAppDb(o.appDbKind ?? 'pglite');
  await migrateAppDb(appDb.db);
  const tenants = parseDemoTenants(tenantsJson).filter((t) => existsSync(join(dir, t.id, 'marts.duckdb')));
  const demo = await seedDemo(appDb.db, { tenants, now: new Date() });
  const metrics = o.metrics ?? createMetricsRegistry();
  const cache = createResponseCache({ store: o.store, metrics, ...(o.l1 ? { l1: o.l1 } : {}) });
  const layer = createSemanticLayer({ catalog, warehouse });
  const semantic = createCachedSemantic(layer, cache);
  const refresh = o.refresh?.({ warehouse, cache, metrics });
  const limit = o.rateLimit ?? { capacity: 1000, refillPerSecond: 1000 };
  const app = createApp({
    semantic,
    batch: { semantic: layer, cache },
    ...(refresh ? { refresh } : {}),
    appDb: appDb.db,
    clock: () => new Date(),
    config: { ...defaultAppConfig, env: 'test', rateLimits: { tenant: limit, partner: limit } },
    logger: createMemoryLogger(),
  });
  const key = await importJWK(demo.privateJwk, demo.alg);
  return {
    app,
    appDb,
    warehouse,
    layer,
    cache,
    metrics,
    demo,
    dir,
    token: (tenant, extra = {}) =>
      mintTenantToken({
        partnerId: demo.partnerId,
        kid: demo.kid,
        alg: demo.alg,
        key,
        claims: { sub: 'cache-test', tenant, dashboards: ['*'], ...extra },
      }),
    post: (path, token, body, headers = {}) =>
      Promise.resolve(
        app.request(path, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      ),
    async close() {
      await app.close?.();
      await warehouse.close();
      await appDb.close();
    },
  };
}
