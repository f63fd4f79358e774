/**
 * Node entry (`npm run start -w @miq/embed-api`): reads the environment, loads the semantic manifest, opens DuckDB and
 * the app database, migrates, seeds the demo (in demo mode), and serves the app until SIGINT/SIGTERM.
 * The only module with `node:` imports outside the warehouse drivers.
 */
import { lookup } from 'node:dns/promises';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Redis } from 'ioredis';
import { importJWK } from 'jose';
import { createApp } from '../app.js';
import type { AppDb } from '../app-db/index.js';
import { createPgliteAppDb, createPostgresAppDb, migrateAppDb } from '../app-db/index.js';
import type { AppServices } from '../app-deps.js';
import { dashboardMembersResolver } from '../auth/dashboards.js';
import { createJwksKeyStore, createRedisRevocationBus, mintTenantToken } from '../auth/index.js';
import { ConfigError, loadRuntimeConfig, type RuntimeConfig, type WarehouseConfig } from '../config/index.js';
import { createDashboardRegistry, DashboardDocumentError } from '../dashboards/registry.js';
import { type DemoPartnerFile, parseDemoTenants, seedDemo } from '../demo/index.js';
import { createJsonLogger, type Logger } from '../logger.js';
import { createRateLimiter } from '../rate-limit/index.js';
import { CacheConfigError, createCacheRuntime } from '../refresh/runtime.js';
import { createSemanticLayer, loadCatalog } from '../semantic/index.js';
import { createDuckDbWarehouse, createSnowflakeWarehouse, type Warehouse } from '../warehouse/index.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Relative paths in the environment are relative to the repository root (where `make` runs). */
function fromRoot(p: string): string {
  return path.isAbsolute(p) ? p : path.resolve(REPO_ROOT, p);
}

/** A start-up problem the operator can fix; printed without a stack trace. */
class StartupError extends Error {}

async function readJson(file: string, what: string, hint: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new StartupError(`${what} not found at ${file}. ${hint}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new StartupError(`${what} at ${file} is not valid JSON. ${hint}`);
  }
}

async function openWarehouse(config: WarehouseConfig, warehouseDir: string): Promise<Warehouse> {
  if (config.kind === 'duckdb') {
    return createDuckDbWarehouse({ dataDir: warehouseDir, memoryLimit: config.memoryLimit, threads: config.threads });
  }
  const source = config.privateKey;
  const privateKey =
    'pem' in source
      ? source.pem
      : await readFile(fromRoot(source.file), 'utf8').catch(() => {
          throw new StartupError(`SNOWFLAKE_PRIVATE_KEY_FILE ${source.file} cannot be read`);
        });
  try {
    return createSnowflakeWarehouse({
      account: config.account,
      username: config.username,
      privateKey,
      ...(config.privateKeyPassphrase === undefined ? {} : { privateKeyPassphrase: config.privateKeyPassphrase }),
      warehouse: config.warehouse,
      ...(config.role === undefined ? {} : { role: config.role }),
      statementTimeoutSeconds: config.statementTimeoutSeconds,
    });
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
}

async function openAppDb(config: RuntimeConfig): Promise<AppDb> {
  if (config.databaseUrl !== undefined) return createPostgresAppDb({ connectionString: config.databaseUrl });
  const dir = fromRoot(config.pgliteDir);
  await mkdir(dir, { recursive: true });
  return createPgliteAppDb({ dataDir: dir });
}

async function seedDemoPartner(appDb: AppDb, config: RuntimeConfig, logger: Logger): Promise<DemoPartnerFile> {
  const tenantsFile = fromRoot(config.tenantsFile);
  const tenants = parseDemoTenants(await readJson(tenantsFile, 'Demo tenants file', 'Set MIQ_TENANTS_FILE.'));
  const partnerFile = fromRoot(config.demoPartnerFile);
  let previous: DemoPartnerFile | undefined;
  try {
    previous = JSON.parse(await readFile(partnerFile, 'utf8')) as DemoPartnerFile;
  } catch {
    previous = undefined;
  }
  const seeded = await seedDemo(appDb.db, { tenants, previous, now: new Date() });
  await mkdir(path.dirname(partnerFile), { recursive: true });
  await writeFile(partnerFile, `${JSON.stringify(seeded, null, 2)}\n`, { mode: 0o600 });
  await chmod(partnerFile, 0o600);
  logger.info('demo partner seeded', { partnerId: seeded.partnerId, kid: seeded.kid, file: partnerFile });
  return seeded;
}

async function printDemoToken(demo: DemoPartnerFile, baseUrl: string, partnerFile: string): Promise<void> {
  const tenant = demo.tenants.includes('rare-seeds') ? 'rare-seeds' : demo.tenants[0]!;
  const token = await mintTenantToken({
    partnerId: demo.partnerId,
    kid: demo.kid,
    alg: demo.alg,
    key: await importJWK(demo.privateJwk, demo.alg),
    claims: { sub: 'demo-user', tenant, dashboards: ['*'] },
    lifetimeSeconds: 3600,
  });
  const body = JSON.stringify({
    measures: ['ads.spend', 'ads.clicks'],
    dimensions: ['platform.code'],
    timeDimension: { dimension: 'date.day', dateRange: 'last 30 days' },
  });
  process.stdout.write(
    [
      '',
      `Demo token for tenant ${tenant} (valid 1 h; the partner key to mint more is in ${partnerFile}):`,
      '',
      token,
      '',
      'Try:',
      `  curl -s ${baseUrl}/api/v1/metrics -H 'Authorization: Bearer ${token}' \\`,
      `    -H 'Content-Type: application/json' -d '${body}'`,
      `  curl -s ${baseUrl}/api/v1/schema -H 'Authorization: Bearer ${token}'`,
      '',
    ].join('\n'),
  );
}

/** The demo page's handler (examples/demo/serve.ts, loaded only in demo mode: it bundles the page with esbuild). */
async function demoPage(demo: DemoPartnerFile, warehouseDir: string) {
  const file = path.join(REPO_ROOT, 'examples/demo/serve.ts');
  const mod = (await import(file)) as {
    demoSite: (d: DemoPartnerFile, dir: string) => Promise<(req: Request) => Promise<Response> | undefined>;
  };
  return mod.demoSite(demo, warehouseDir);
}

/** A cheap query against one tenant's attached marts (any tenant: it proves the files open and DuckDB answers). */
function warehouseProbe(warehouse: Warehouse, appDb: AppDb): () => Promise<void> {
  return async () => {
    const tenant = await appDb.db.selectFrom('tenants').selectAll().orderBy('id').limit(1).executeTakeFirst();
    if (tenant === undefined) return;
    const scope = {
      tenantId: tenant.id,
      warehouseLocation: tenant.warehouse_location,
      timeZone: tenant.time_zone,
      reportingCurrency: tenant.reporting_currency,
      lockedFilters: {},
    };
    await warehouse.execute({ sql: 'select 1 as ok', parameters: [], location: tenant.warehouse_location }, { scope });
  };
}

/**
 * JWKS fetching that resolves host names (private addresses refused) and, with REDIS_URL, revocations and rate limits
 * shared by every instance.
 */
async function sharedServices(
  config: RuntimeConfig,
  logger: Logger,
): Promise<{ services: Partial<AppServices>; close: () => Promise<void> }> {
  const jwks = createJwksKeyStore({
    config: config.app.jwks,
    clock: () => new Date(),
    resolveHost: async (host) => (await lookup(host, { all: true })).map((a) => a.address),
  });
  if (config.redisUrl === undefined) return { services: { jwks }, close: async () => {} };
  const publisher = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  const subscriber = new Redis(config.redisUrl);
  const onError = (error: unknown) => logger.warn('redis error', { error });
  publisher.on('error', onError);
  subscriber.on('error', onError);
  await new Promise<void>((resolve, reject) => {
    publisher.once('ready', resolve);
    publisher.once('error', (e) => reject(new StartupError(`REDIS_URL cannot be reached: ${(e as Error).message}`)));
  });
  const revocations = await createRedisRevocationBus({ redis: { publisher, subscriber }, onError });
  const rateLimiter = createRateLimiter({ redis: publisher, onRedisError: onError });
  return {
    services: { jwks, revocations, rateLimiter },
    close: async () => {
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}

async function main(): Promise<void> {
  const logger = createJsonLogger();
  const config = loadRuntimeConfig(process.env);
  const warehouseDir = fromRoot(config.warehouseDir);
  const manifestFile = fromRoot(config.semanticManifest);
  const manifest = await readJson(
    manifestFile,
    'Semantic manifest',
    'Build the warehouse first (`make demo`, or `scripts/warehouse.sh demo 0.1`), or set MIQ_WAREHOUSE_DIR ' +
      '(or MIQ_SEMANTIC_MANIFEST).',
  );
  let catalog: ReturnType<typeof loadCatalog>;
  try {
    catalog = loadCatalog(manifest);
  } catch (error) {
    throw new StartupError(`Semantic manifest at ${manifestFile} is not usable: ${(error as Error).message}`);
  }

  // the 18 dashboard documents against this catalog: a bad document stops start-up naming dashboard, panel and field
  let dashboards: ReturnType<typeof createDashboardRegistry>;
  try {
    dashboards = createDashboardRegistry(catalog);
  } catch (error) {
    throw error instanceof DashboardDocumentError ? new StartupError(error.message) : error;
  }

  const warehouse = await openWarehouse(config.warehouse, warehouseDir);
  const appDb = await openAppDb(config);
  let closeApp = async () => {};
  let closeRedis = async () => {};
  let closeCache = async () => {};
  const closeAll = async () => {
    // The app first: it flushes the buffered audit log into the app database.
    await closeApp().catch((error: unknown) => logger.error('closing the app failed', { error }));
    await Promise.allSettled([warehouse.close(), appDb.close(), closeRedis(), closeCache()]);
  };
  try {
    await migrateAppDb(appDb.db);
    const demo = config.demo ? await seedDemoPartner(appDb, config, logger) : undefined;

    const layer = createSemanticLayer({ catalog, warehouse });
    const services = await sharedServices(config, logger);
    closeRedis = services.close;
    const loop = await createCacheRuntime({
      env: process.env,
      layer,
      warehouse,
      warehouseDir,
      repoRoot: REPO_ROOT,
      redisUrl: config.redisUrl,
      logger,
    }).catch((error: unknown) => {
      throw error instanceof CacheConfigError ? new StartupError(error.message) : error;
    });
    closeCache = () => loop.close();
    const app = createApp({
      semantic: loop.semantic,
      ...(loop.refresh ? { refresh: loop.refresh } : {}),
      ...(loop.batch ? { batch: loop.batch } : {}),
      appDb: appDb.db,
      clock: () => new Date(),
      config: config.app,
      logger,
      checkWarehouse: warehouseProbe(warehouse, appDb),
      services: services.services,
      dashboards: { registry: dashboards, catalog },
      dashboardMembers: dashboardMembersResolver((id) => dashboards.membersOf(id)),
    });
    closeApp = () => app.close();

    // demo mode: the demo page (examples/demo) under /demo/, listing every dashboard with a tenant switcher
    // (not under MIQ_ENV=test: browser suites bring their own page)
    const site = demo === undefined || config.app.env === 'test' ? undefined : await demoPage(demo, warehouseDir);
    // `env` carries the Node request (`requestHeader` reads its parsed headers).
    const fetchAll = site === undefined ? app.fetch : (req: Request, env: unknown) => site(req) ?? app.fetch(req, env);
    const server = serve({ fetch: fetchAll, port: config.port, hostname: config.host });
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    const baseUrl = `http://${config.host}:${port}`;
    logger.info('embed API listening', {
      url: baseUrl,
      env: config.app.env,
      appDb: appDb.kind,
      catalogVersion: catalog.version,
      warehouse: config.warehouse.kind,
      warehouseDir,
    });
    if (demo !== undefined) await printDemoToken(demo, baseUrl, fromRoot(config.demoPartnerFile));
    if (site !== undefined) process.stdout.write(`\nDemo dashboards: ${baseUrl}/demo/\n`);

    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        logger.warn('second signal, exiting now', { signal });
        process.exit(1);
      }
      stopping = true;
      logger.info('shutting down', { signal });
      const force = setTimeout(() => process.exit(1), 10_000);
      force.unref();
      server.close(() => {
        closeAll().then(() => process.exit(0));
      });
      // Idle keep-alive connections would hold close() open.
      if ('closeIdleConnections' in server) server.closeIdleConnections();
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  } catch (error) {
    await closeAll();
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof StartupError || error instanceof ConfigError) {
    process.stderr.write(`embed-api: ${error.message}\n`);
  } else {
    process.stderr.write(
      `embed-api: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
