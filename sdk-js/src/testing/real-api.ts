/**
 * Starts the REAL embed API for SDK tests: `createApp` with the real semantic layer over the DuckDB test warehouse
 * (`MIQ_WAREHOUSE_DIR`, built once by `make test`), a PGlite app database seeded by the API's own demo seeding (demo
 * partner, Ed25519 key, demo tenants), served by `@hono/node-server` on a random loopback port. Test-only.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '../../../embed-api/src/app.js';
import { migrateAppDb } from '../../../embed-api/src/app-db/migrate.js';
import { createPgliteAppDb } from '../../../embed-api/src/app-db/pglite/index.js';
import { defaultAppConfig } from '../../../embed-api/src/config/index.js';
import { type DemoPartnerFile, parseDemoTenants, seedDemo } from '../../../embed-api/src/demo/index.js';
import { createMemoryLogger } from '../../../embed-api/src/logger.js';
import { createSemanticLayer, loadCatalog } from '../../../embed-api/src/semantic/index.js';
import { createDuckDbWarehouse } from '../../../embed-api/src/warehouse/index.js';
import { createEmbedToken, type EmbedTokenOptions } from '../node/index.js';

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
  close(): Promise<void>;
}

/** `clockSkewSeconds: 0` makes the API refuse a token the moment it expires (the default tolerates 60 s). */
export async function startRealApi(options: { readonly clockSkewSeconds?: number } = {}): Promise<RealApi> {
  const dir = testWarehouseDir();
  const tenantsFile = new URL('../../../dbt/generator/tenants.json', import.meta.url);
  const tenants = parseDemoTenants(JSON.parse(readFileSync(tenantsFile, 'utf8'))).filter((t) =>
    existsSync(join(dir, t.id, 'marts.duckdb')),
  );
  const catalog = loadCatalog(JSON.parse(readFileSync(join(dir, 'semantic_manifest.json'), 'utf8')));
  const warehouse = await createDuckDbWarehouse({ dataDir: dir, memoryLimit: '512MB', threads: 1 });
  const appDb = await createPgliteAppDb();
  await migrateAppDb(appDb.db);
  const demo = await seedDemo(appDb.db, { tenants, now: new Date() });
  const app = createApp({
    semantic: createSemanticLayer({ catalog, warehouse }),
    appDb: appDb.db,
    clock: () => new Date(),
    config: {
      ...defaultAppConfig,
      env: 'test',
      tokens: { ...defaultAppConfig.tokens, clockSkewSeconds: options.clockSkewSeconds ?? 60 },
    },
    logger: createMemoryLogger(),
    checkWarehouse: async () => {},
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
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
