/**
 * Starts the REAL embed API for SDK tests: `createApp` with the real (cached) semantic layer over the DuckDB test warehouse
 * (`MIQ_WAREHOUSE_DIR`, built once by `make test`), a PGlite app database seeded by the API's own demo seeding (demo
 * partner, Ed25519 key, demo tenants), served by `@hono/node-server` on a random loopback port. Test-only.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createEmbedToken, type EmbedTokenOptions } from '../node/index.js';

/**
 * The API's modules are loaded by computed path so that this package's type check does not pull in the API's
 * sources (they are type-checked by the API's own config); the few members used are typed here.
 */
// biome-ignore lint/suspicious/noExplicitAny: untyped on purpose, see above
type Untyped = any;
const api = (path: string): Promise<Untyped> => import(new URL(`../../../embed-api/src/${path}`, import.meta.url).href);

export interface DemoPartnerFile {
  readonly partnerId: string;
  readonly kid: string;
  readonly alg: 'EdDSA';
  readonly privateJwk: JsonWebKey & { kty: string };
  readonly tenants: readonly string[];
}

export function testWarehouseDir(): string {
  const dir = process.env.MIQ_WAREHOUSE_DIR;
  if (dir === undefined || dir === '' || !existsSync(join(dir, 'semantic_manifest.json'))) {
    throw new Error(
      'MIQ_WAREHOUSE_DIR must name a built warehouse. `make test` builds data/test and exports it; by hand: ' +
        '`scripts/warehouse.sh test 0.02 && export MIQ_WAREHOUSE_DIR=$PWD/data/test`.',
    );
  }
  return dir;
}

export interface RealApi {
  readonly url: string;
  readonly dir: string;
  readonly demo: DemoPartnerFile;
  /** Mints a token with the SDK's own `createEmbedToken`, signed by the seeded demo key. */
  token(overrides?: Partial<EmbedTokenOptions>): Promise<string>;
  /** A fresh partner API key for the demo partner, created through the operator API. */
  partnerApiKey(): Promise<string>;
  close(): Promise<void>;
}

export interface RealApiOptions {
  /** 0 makes the API refuse a token the moment it expires (the default tolerates 60 s). */
  readonly clockSkewSeconds?: number;
  /** Per-tenant token bucket; generous by default so load tests measure the client, not the limiter. */
  readonly tenantRateLimit?: { readonly capacity: number; readonly refillPerSecond: number };
  /** Mount the dashboard routes (the registry validates all 18 documents against the warehouse's catalog). */
  readonly dashboards?: boolean;
}

const OPERATOR_TOKEN = `miq_op_sdk-test-${crypto.randomUUID()}`;

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function startRealApi(options: RealApiOptions = {}): Promise<RealApi> {
  const dir = testWarehouseDir();
  const [app_, migrate, pglite, config, demoSeed, logger, semantic, warehouses, authTesting, caching] =
    await Promise.all([
      api('app.ts'),
      api('app-db/migrate.ts'),
      api('app-db/pglite/index.ts'),
      api('config/index.ts'),
      api('demo/index.ts'),
      api('logger.ts'),
      api('semantic/index.ts'),
      api('warehouse/index.ts'),
      api('auth/testing.ts'),
      api('cache/index.ts'),
    ]);
  const tenantsFile = new URL('../../../dbt/generator/tenants.json', import.meta.url);
  const tenants = demoSeed
    .parseDemoTenants(JSON.parse(readFileSync(tenantsFile, 'utf8')))
    .filter((t: { id: string }) => existsSync(join(dir, t.id, 'marts.duckdb')));
  const catalog = semantic.loadCatalog(JSON.parse(readFileSync(join(dir, 'semantic_manifest.json'), 'utf8')));
  const warehouse = await warehouses.createDuckDbWarehouse({ dataDir: dir, memoryLimit: '512MB', threads: 1 });
  const appDb = await pglite.createPgliteAppDb();
  await migrate.migrateAppDb(appDb.db);
  const demo: DemoPartnerFile = await demoSeed.seedDemo(appDb.db, { tenants, now: new Date() });
  const defaults = config.defaultAppConfig;
  // As the Node runtime wires it: the semantic layer behind the response cache (in-process LRU), and the batch route.
  const layer = semantic.createSemanticLayer({ catalog, warehouse });
  const cache = caching.createResponseCache({
    store: caching.createLruStore(),
    metrics: caching.createMetricsRegistry(),
  });
  const dashboards = options.dashboards
    ? { registry: (await api('dashboards/registry.ts')).createDashboardRegistry(catalog), catalog }
    : undefined;
  const app = app_.createApp({
    ...(dashboards ? { dashboards } : {}),
    semantic: caching.createCachedSemantic(layer, cache),
    batch: { semantic: layer, cache },
    appDb: appDb.db,
    clock: () => new Date(),
    config: {
      ...defaults,
      env: 'test',
      masterKey: authTesting.TEST_MASTER_KEY,
      operatorTokenSha256: await sha256Hex(OPERATOR_TOKEN),
      tokens: { ...defaults.tokens, clockSkewSeconds: options.clockSkewSeconds ?? 60 },
      rateLimits: {
        ...defaults.rateLimits,
        tenant: options.tenantRateLimit ?? { capacity: 100_000, refillPerSecond: 100_000 },
        partner: { capacity: 100_000, refillPerSecond: 100_000 },
      },
    },
    logger: logger.createMemoryLogger(),
    checkWarehouse: async () => {},
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    dir,
    demo,
    token: (overrides = {}) =>
      createEmbedToken({
        partnerId: demo.partnerId,
        kid: demo.kid,
        key: demo.privateJwk,
        tenant: 'rare-seeds',
        subject: 'sdk-test',
        dashboards: ['*'],
        ...overrides,
      }),
    partnerApiKey: async () => {
      const res = await fetch(`${url}/api/v1/operator/partners/${demo.partnerId}/api-keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
      });
      if (res.status !== 201 && res.status !== 200) throw new Error(`operator API: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { key: string }).key;
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      });
      await warehouse.close();
      await appDb.close();
    },
  };
}
