/**
 * API overhead benchmark (issue 5, acceptance 4; not a test): `npm run bench:api -w @miq/embed-api`.
 *
 * 1. Compile time: validate → authorize → normalize → plan → build for dashboard-like queries (median of
 *    BENCH_COMPILE_RUNS runs each, best of 3 rounds). Target < 0.2 ms.
 * 2. End to end: the same queries through the whole app (`app.request('/api/v1/metrics')`: token verification from the
 *    verified-token cache, rate limits, audit record, JSON body, validation, compile, DuckDB, shaping, JSON response;
 *    no response cache) against the compiled SQL that answers it (current and comparison statements, concurrently)
 *    run directly on the same DuckDB warehouse in the same process; the freshness lookup is the layer's own metadata,
 *    answered from its per-tenant, per-marts-version memo. Runs interleave (API, direct, API, …); the median of each.
 *    Target: API overhead ≤ 15 % at the median: per query, the median over the runs of (API − direct) / direct, each
 *    run's two measured back to back (the ratio of the two medians is printed beside it); the summary is the median
 *    over the queries. App database: PostgreSQL at MIQ_TEST_PG_URL when set, else PGlite.
 *    "App alone": the same request through the same app with a stand-in layer that returns the query's answer at
 *    once — the app's own fixed cost per request (token, limits, audit, body, JSON) in the same interleaved setting.
 *
 * Warehouse: BENCH_WAREHOUSE_DIR (default MIQ_WAREHOUSE_DIR, else data/test), tenant BENCH_TENANT (rare-seeds);
 * catalog: BENCH_SEMANTIC_MANIFEST (default `<dir>/semantic_manifest.json`, else the checked-in fixture).
 * The warehouse runs as in production (`createDuckDbWarehouse` defaults); for A/B runs BENCH_INLINE_MS sets its
 * `inlineMs` (0: every query on the libuv pool) and BENCH_PREPARED its `preparedStatements` (0: prepare every time).
 * Both paths, API and direct, go through the same warehouse, so either setting changes both alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importJWK } from 'jose';
import tenantsJson from '../../dbt/generator/tenants.json' with { type: 'json' };
import { createApp } from '../src/app.js';
import { migrateAppDb } from '../src/app-db/migrate.js';
import { openTestAppDb } from '../src/app-db/testing.js';
import { mintTenantToken } from '../src/auth/index.js';
import { defaultAppConfig } from '../src/config/index.js';
import { parseDemoTenants, seedDemo } from '../src/demo/index.js';
import { createMemoryLogger } from '../src/logger.js';
import { createSemanticLayer, loadCatalog, type TenantScope } from '../src/semantic/index.js';
import { fixtureManifest } from '../src/semantic/testing/fixture-catalog.js';
import { createDuckDbWarehouse } from '../src/warehouse/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = resolve(ROOT, process.env.BENCH_WAREHOUSE_DIR ?? process.env.MIQ_WAREHOUSE_DIR ?? 'data/test');
const tenantId = process.env.BENCH_TENANT ?? 'rare-seeds';
const COMPILE_RUNS = Number(process.env.BENCH_COMPILE_RUNS ?? 2000);
const E2E_RUNS = Number(process.env.BENCH_E2E_RUNS ?? 101);
const WARMUP_RUNS = Number(process.env.BENCH_WARMUP_RUNS ?? 100);
const manifestFile = process.env.BENCH_SEMANTIC_MANIFEST ?? join(dir, 'semantic_manifest.json');
const manifest = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')) : fixtureManifest();
const catalog = loadCatalog(manifest);
const scale = existsSync(join(dir, 'manifest.json'))
  ? (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { scale?: number }).scale
  : undefined;

const QUERIES: Record<string, unknown> = {
  kpiWithCompare: {
    measures: ['ads.spend', 'ads.conversions', 'ads.roas', 'ads.cpa'],
    timeDimension: { dimension: 'date.day', dateRange: 'last 30 days' },
    compare: 'previous_period',
  },
  dailyByPlatform: {
    measures: ['ads.spend', 'ads.conversion_value'],
    dimensions: ['platform.code'],
    timeDimension: { dimension: 'date.day', granularity: 'day', dateRange: 'last 30 days' },
  },
  topCampaigns: {
    measures: ['ads.spend', 'ads.clicks', 'ads.ctr', 'ads.cpc', 'ads.roas'],
    dimensions: ['campaign.id', 'campaign.name', 'platform.code'],
    timeDimension: { dimension: 'date.day', dateRange: 'last 30 days' },
    order: [['ads.spend', 'desc']],
    limit: 10,
  },
  ga4Channels: {
    measures: ['ga4.sessions', 'ga4.engagement_rate', 'ga4.revenue'],
    dimensions: ['source_medium.channel_group'],
    timeDimension: { dimension: 'date.day', granularity: 'week', dateRange: 'last 90 days' },
  },
  emailCampaigns: {
    measures: ['email_campaigns.recipients', 'email_campaigns.open_rate', 'email_campaigns.revenue_per_recipient'],
    dimensions: ['email_campaign.name'],
    timeDimension: { dimension: 'date.day', dateRange: 'last 90 days' },
  },
  crossChannel: {
    measures: ['ads.spend', 'ga4.sessions', 'email_campaigns.revenue'],
    timeDimension: { dimension: 'date.day', granularity: 'week', dateRange: 'last 12 weeks' },
  },
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

const warehouse = await createDuckDbWarehouse({
  dataDir: dir,
  memoryLimit: '2GB',
  threads: 2,
  ...(process.env.BENCH_INLINE_MS ? { inlineMs: Number(process.env.BENCH_INLINE_MS) } : {}),
  ...(process.env.BENCH_PREPARED ? { preparedStatements: Number(process.env.BENCH_PREPARED) } : {}),
});
const layer = createSemanticLayer({ catalog, warehouse });
// The app database (keys, tenants, the audit log) on PostgreSQL when MIQ_TEST_PG_URL is set, as in production: the
// embedded PGlite runs in this process and its audit inserts would compete with the requests for the same core.
const appDb = await openTestAppDb(process.env.MIQ_TEST_PG_URL ? 'postgres' : 'pglite');
await migrateAppDb(appDb.db);
const tenants = parseDemoTenants(tenantsJson).filter((t) => existsSync(join(dir, t.id)));
const demo = await seedDemo(appDb.db, { tenants, now: new Date() });
/** The answer the stand-in layer gives (set per query): the app's own cost, with no semantic layer or DuckDB. */
let standInAnswer: unknown = null;
const config = {
  ...defaultAppConfig,
  env: 'test' as const,
  rateLimits: {
    tenant: { capacity: 1e9, refillPerSecond: 1e9 },
    partner: { capacity: 1e9, refillPerSecond: 1e9 },
  },
};
const appAlone = createApp({
  semantic: { catalog: layer.catalog, schemaFor: (s) => layer.schemaFor(s), query: async () => standInAnswer },
  appDb: appDb.db,
  clock: () => new Date(),
  config,
  logger: createMemoryLogger(),
});
const app = createApp({
  semantic: layer,
  appDb: appDb.db,
  clock: () => new Date(),
  config,
  logger: createMemoryLogger(),
});
const token = await mintTenantToken({
  partnerId: demo.partnerId,
  kid: demo.kid,
  alg: demo.alg,
  key: await importJWK(demo.privateJwk, demo.alg),
  claims: { sub: 'bench', tenant: tenantId, dashboards: ['*'] },
});
const tenant = tenants.find((t) => t.id === tenantId);
if (!tenant) throw new Error(`tenant ${tenantId} is not in ${dir}`);
const scope: TenantScope = {
  tenantId,
  warehouseLocation: tenantId,
  timeZone: tenant.timeZone,
  reportingCurrency: tenant.reportingCurrency,
  lockedFilters: {},
};

console.log(
  `warehouse ${dir} (scale ${scale ?? '?'}), tenant ${tenantId}, ${Object.keys(QUERIES).length} queries, ` +
    `app database ${process.env.MIQ_TEST_PG_URL ? 'PostgreSQL' : 'PGlite'}, ${E2E_RUNS} interleaved runs each`,
);
console.log(
  '\n| query | compile µs (median) | API ms (median) | layer.query + JSON ms (median) | direct DuckDB ms (median) | overhead (median of runs) | overhead (of medians) | app alone ms (median) |',
);
console.log('|---|---|---|---|---|---|---|---|');
const overheads: number[] = [];
const compileUs: number[] = [];
interface Prepared {
  name: string;
  best: number;
  viaApi: () => Promise<number>;
  viaAppAlone: () => Promise<number>;
  viaLayer: () => Promise<number>;
  direct: () => Promise<number>;
  answer: unknown;
}
const prepared: Prepared[] = [];
for (const [name, body] of Object.entries(QUERIES)) {
  const now = new Date();
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    const times: number[] = [];
    for (let i = 0; i < COMPILE_RUNS; i++) {
      const t0 = performance.now();
      layer.compile(body, scope, { now });
      times.push(performance.now() - t0);
    }
    best = Math.min(best, median(times) * 1000);
  }
  compileUs.push(best);

  // The statements that answer the query (current and comparison), run concurrently as the layer runs them. The
  // freshness lookup is not among them: the layer answers it from its per-tenant, per-marts-version memo.
  const compiled = layer.compile(body, scope, { now }).filter((c) => c.role !== 'freshness');
  const direct = async () => {
    const t0 = performance.now();
    await Promise.all(compiled.map((c) => warehouse.execute(c, { scope })));
    return performance.now() - t0;
  };
  // The request as an HTTP/1.1 client sends it: with Content-Length (`app.request` adds none, and without it the app
  // takes the streamed-upload path, which cuts the body off at the limit chunk by chunk).
  const text = JSON.stringify(body);
  const headers = {
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  };
  const post = async (target: typeof app) => {
    const t0 = performance.now();
    const res = await target.request('/api/v1/metrics', { method: 'POST', headers, body: text });
    await res.text();
    if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}`);
    return performance.now() - t0;
  };
  const viaApi = () => post(app);
  const answer = await layer.query(body, scope, { now });
  const viaAppAlone = () => {
    standInAnswer = answer;
    return post(appAlone);
  };
  const viaLayer = async () => {
    const t0 = performance.now();
    JSON.stringify(await layer.query(body, scope, { now }));
    return performance.now() - t0;
  };
  prepared.push({ name, best, viaApi, viaAppAlone, viaLayer, direct, answer });
}
// Warm-up, all queries and all paths, before anything is measured: a server answers many requests, and its code runs
// JIT-compiled; measured from the first request, the first queries of the table paid for the JIT warming the code the
// later ones share (their overhead came out 10-15 points above the same query measured last).
for (let i = 0; i < WARMUP_RUNS; i++) {
  for (const q of prepared) {
    await q.viaApi();
    await q.viaAppAlone();
    await q.viaLayer();
    await q.direct();
  }
}
for (const { name, best, viaApi, viaAppAlone, viaLayer, direct } of prepared) {
  const api: number[] = [];
  const lay: number[] = [];
  const raw: number[] = [];
  const alone: number[] = [];
  for (let i = 0; i < E2E_RUNS; i++) {
    // The API call comes right after a direct run, as before the stand-in column existed.
    api.push(await viaApi());
    alone.push(await viaAppAlone());
    lay.push(await viaLayer());
    raw.push(await direct());
  }
  const a = median(api);
  const l = median(lay);
  const d = median(raw);
  // Each run's API call and direct run are back to back: their ratio is less exposed to the machine's load bursts
  // than the ratio of two medians taken over the whole loop (both are printed).
  const paired = median(api.map((x, i) => (x - (raw[i] as number)) / (raw[i] as number)));
  overheads.push(paired);
  console.log(
    `| ${name} | ${best.toFixed(1)} | ${a.toFixed(2)} | ${l.toFixed(2)} | ${d.toFixed(2)} | ${(paired * 100).toFixed(1)} % | ${(((a - d) / d) * 100).toFixed(1)} % | ${median(alone).toFixed(2)} |`,
  );
}
console.log(
  `\ncompile: median ${median(compileUs).toFixed(1)} µs, max ${Math.max(...compileUs).toFixed(1)} µs (target < 200 µs); ` +
    `API overhead: median ${(median(overheads) * 100).toFixed(1)} % (target ≤ 15 %)`,
);
await app.close();
await appAlone.close();
await warehouse.close();
await appDb.close();
