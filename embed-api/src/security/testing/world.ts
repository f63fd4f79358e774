/**
 * The world the adversarial suite attacks: the real app (real semantic layer over the test warehouse, real app
 * database on PGlite or PostgreSQL) with two partners. `p-alpha` owns `rare-seeds` and `kiwi-outdoors`, `p-beta` owns
 * `nordic-knits`; attacks are made as `p-alpha` / `rare-seeds`, and every response is scanned for the other tenants'
 * markers (tenant ids, account ids read from their raw Fivetran tables).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { type JWTPayload, SignJWT } from 'jose';
import * as ops from '../../admin/operations.js';
import { createApp } from '../../app.js';
import type { AppDb } from '../../app-db/app-db.js';
import { migrateAppDb } from '../../app-db/migrate.js';
import { type AppDbKind, openTestAppDb } from '../../app-db/testing.js';
import type { AppServices } from '../../app-deps.js';
import { createAuditWriter } from '../../audit/index.js';
import { createLocalRevocationBus } from '../../auth/revocation.js';
import { registerTestKey, TEST_MASTER_KEY, type TestSigningKey } from '../../auth/testing.js';
import { type AppConfig, defaultAppConfig } from '../../config/index.js';
import { createMemoryLogger } from '../../logger.js';
import { type Catalog, createSemanticLayer, loadCatalog } from '../../semantic/index.js';
import { createDuckDbWarehouse, type Warehouse } from '../../warehouse/index.js';

export const ATTACKER_TENANT = 'rare-seeds';
export const SIBLING_TENANT = 'kiwi-outdoors';
export const VICTIM_TENANT = 'nordic-knits';
export const ALPHA_ORIGIN = 'https://app.alpha.example';

export function testWarehouseDir(): string {
  const dir = process.env.MIQ_WAREHOUSE_DIR;
  if (dir === undefined || dir === '') {
    throw new Error(
      'MIQ_WAREHOUSE_DIR is not set (make test builds data/test; by hand: scripts/warehouse.sh test 0.02).',
    );
  }
  if (!existsSync(join(dir, 'semantic_manifest.json'))) throw new Error(`${dir} has no semantic_manifest.json`);
  for (const t of [ATTACKER_TENANT, SIBLING_TENANT, VICTIM_TENANT]) {
    if (!existsSync(join(dir, t, 'marts.duckdb'))) throw new Error(`${dir}/${t}/marts.duckdb is missing`);
  }
  return dir;
}

/** Clicks per ad account straight from one tenant's raw Google Ads and Meta tables (independent of the API). */
export async function rawClicksByAccount(dir: string, tenant: string): Promise<Map<string, number>> {
  const instance = await DuckDBInstance.create(join(dir, tenant, 'raw.duckdb'), {
    access_mode: 'READ_ONLY',
    threads: '1',
  });
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`
      select cast(customer_id as varchar) as account_id, sum(clicks)::bigint as clicks
      from google_ads.campaign_stats group by 1
      union all
      select cast(account_id as varchar), sum(inline_link_clicks)::bigint
      from facebook_ads.ad_device_report group by 1`);
    return new Map(reader.getRowObjectsJS().map((r) => [String(r.account_id), Number(r.clicks)]));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export interface SignOptions {
  readonly header?: Record<string, unknown>;
  readonly claims?: Record<string, unknown>;
  readonly omit?: readonly string[];
}

export interface Observed {
  readonly status: number;
  readonly text: string;
  readonly headers: Headers;
  /** What was sent (path, headers, body as text): strings the attacker supplied are not leaks when echoed. */
  readonly sent: string;
}

export interface World {
  readonly kind: AppDbKind;
  readonly appDb: AppDb;
  readonly catalog: Catalog;
  readonly app: ReturnType<typeof createApp>;
  readonly keys: { readonly [alg in 'EdDSA' | 'ES256' | 'RS256' | 'HS256']: TestSigningKey } & { beta: TestSigningKey };
  readonly apiKeys: { readonly alpha: string; readonly beta: string };
  /** Clicks per account of each tenant, from the raw tables. */
  readonly rawClicks: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Strings that must never appear in a response to an attack made as `rare-seeds`. */
  readonly foreignMarkers: readonly string[];
  /** Strings that must never appear in a response to partner `p-alpha` (its own tenants may). */
  readonly partnerForeignMarkers: readonly string[];
  makeApp(config?: Partial<AppConfig>, services?: Partial<AppServices>): ReturnType<typeof createApp>;
  /** Everything every app of this world logged, as JSON text. */
  logs(): string;
  sign(key: TestSigningKey, options?: SignOptions): Promise<string>;
  /** A valid `rare-seeds` token signed with alpha's EdDSA key, with claims overridden. */
  token(claims?: Record<string, unknown>): Promise<string>;
  send(
    app: ReturnType<typeof createApp>,
    path: string,
    init?: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array },
  ): Promise<Observed>;
  close(): Promise<void>;
}

let shared: { warehouse: Warehouse; catalog: Catalog; raw: Map<string, Map<string, number>> } | undefined;

export async function openWorld(kind: AppDbKind): Promise<World> {
  const dir = testWarehouseDir();
  if (shared === undefined) {
    const catalog = loadCatalog(JSON.parse(readFileSync(join(dir, 'semantic_manifest.json'), 'utf8')));
    const warehouse = await createDuckDbWarehouse({ dataDir: dir, memoryLimit: '512MB', threads: 1 });
    const raw = new Map<string, Map<string, number>>();
    for (const t of [ATTACKER_TENANT, SIBLING_TENANT, VICTIM_TENANT]) raw.set(t, await rawClicksByAccount(dir, t));
    shared = { warehouse, catalog, raw };
  }
  const { warehouse, catalog, raw } = shared;
  const appDb = await openTestAppDb(kind);
  await migrateAppDb(appDb.db);

  const logger = createMemoryLogger();
  const operatorAudit = createAuditWriter({ db: appDb.db, logger });
  const operator: ops.AdminContext = {
    db: appDb.db,
    audit: operatorAudit,
    revocations: createLocalRevocationBus(),
    clock: () => new Date(),
    masterKey: TEST_MASTER_KEY,
    jwksTestAllowHosts: [],
    actor: { kind: 'operator' },
  };
  await ops.createPartner(operator, { id: 'p-alpha', name: 'Alpha' });
  await ops.createPartner(operator, { id: 'p-beta', name: 'Beta' });
  const tenant = (id: string, partnerId: string) =>
    ops.createTenant(operator, {
      id,
      partnerId,
      name: id,
      warehouseLocation: id,
      reportingCurrency: 'USD',
      timeZone: 'UTC',
    });
  await tenant(ATTACKER_TENANT, 'p-alpha');
  await tenant(SIBLING_TENANT, 'p-alpha');
  await tenant(VICTIM_TENANT, 'p-beta');
  const alphaKey = (await ops.createApiKey(operator, 'p-alpha')).key;
  const betaKey = (await ops.createApiKey(operator, 'p-beta')).key;
  await appDb.db.insertInto('partner_origins').values({ partner_id: 'p-alpha', origin: ALPHA_ORIGIN }).execute();
  const keys = {
    EdDSA: await registerTestKey(appDb.db, 'p-alpha', 'EdDSA'),
    ES256: await registerTestKey(appDb.db, 'p-alpha', 'ES256'),
    RS256: await registerTestKey(appDb.db, 'p-alpha', 'RS256'),
    HS256: await registerTestKey(appDb.db, 'p-alpha', 'HS256'),
    beta: await registerTestKey(appDb.db, 'p-beta', 'EdDSA'),
  };

  const own = new Set(raw.get(ATTACKER_TENANT)!.keys());
  const foreignMarkers = [
    SIBLING_TENANT,
    VICTIM_TENANT,
    ...[...raw.get(SIBLING_TENANT)!.keys(), ...raw.get(VICTIM_TENANT)!.keys()].filter((a) => !own.has(a)),
  ];

  const alphaOwn = new Set([...own, ...raw.get(SIBLING_TENANT)!.keys()]);
  const partnerForeignMarkers = [VICTIM_TENANT, ...[...raw.get(VICTIM_TENANT)!.keys()].filter((a) => !alphaOwn.has(a))];

  const semantic = createSemanticLayer({ catalog, warehouse });
  const apps: ReturnType<typeof createApp>[] = [];
  const loggers = [logger];
  const makeApp = (config: Partial<AppConfig> = {}, services: Partial<AppServices> = {}) => {
    const appLogger = createMemoryLogger();
    loggers.push(appLogger);
    const app = createApp({
      semantic,
      appDb: appDb.db,
      clock: () => new Date(),
      logger: appLogger,
      services,
      config: { ...defaultAppConfig, env: 'test', masterKey: TEST_MASTER_KEY, corsOrigins: [], ...config },
    });
    apps.push(app);
    return app;
  };
  const app = makeApp();

  const sign = async (key: TestSigningKey, options: SignOptions = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const claims: JWTPayload = {
      iss: key.partnerId,
      aud: 'marketing-iq',
      sub: 'attacker',
      tenant: ATTACKER_TENANT,
      dashboards: ['*'],
      iat: now,
      nbf: now,
      exp: now + 600,
      jti: crypto.randomUUID(),
      ...options.claims,
    };
    for (const name of options.omit ?? []) delete claims[name];
    return new SignJWT(claims)
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'miq-embed+jwt', ...options.header } as never)
      .sign(key.privateKey);
  };

  const send: World['send'] = async (target, path, init = {}) => {
    const res = await target.request(path, {
      method: init.method ?? 'GET',
      headers: init.headers ?? {},
      ...(init.body === undefined ? {} : { body: init.body as BodyInit }),
    });
    const body = typeof init.body === 'string' ? init.body : init.body ? new TextDecoder().decode(init.body) : '';
    return {
      status: res.status,
      text: await res.text(),
      headers: res.headers,
      sent: `${path}\n${JSON.stringify(init.headers ?? {})}\n${body}`,
    };
  };

  return {
    kind,
    appDb,
    catalog,
    app,
    keys,
    apiKeys: { alpha: alphaKey, beta: betaKey },
    rawClicks: raw,
    foreignMarkers,
    partnerForeignMarkers,
    makeApp,
    logs: () => JSON.stringify(loggers.map((l) => l.entries)),
    sign,
    token: (claims = {}) => sign(keys.EdDSA, { claims }),
    send,
    async close() {
      for (const a of apps) await a.close();
      await operatorAudit.close();
      await appDb.close();
    },
  };
}

/** Closes the DuckDB warehouse shared by the worlds of one test file. */
export async function closeSharedWarehouse(): Promise<void> {
  await shared?.warehouse.close();
  shared = undefined;
}
