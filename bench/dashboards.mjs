// Benchmark (not a test): per dashboard, time to all panels painted in headless Debian Chromium against the real API —
// cold (first open after the API started: empty response cache) and warm (second open, fresh browser context) —
// versus the same compiled panel queries run straight on DuckDB (in-process, same warehouse, same thread count).
//   MIQ_WAREHOUSE_DIR=$PWD/data/bench-dbt MIQ_SEMANTIC_MANIFEST=$PWD/data/test/semantic_manifest.json \
//     node --import tsx bench/dashboards.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildDemoPage,
  collectPanels,
  launchChromium,
  pageUrl,
  repo,
  serveDir,
  startApi,
  warehouseDir,
} from '../e2e/harness.mjs';

const dir = warehouseDir();
const manifestFile = process.env.MIQ_SEMANTIC_MANIFEST || join(dir, 'semantic_manifest.json');
const threads = process.env.MIQ_DUCKDB_THREADS || '2';
const { loadCatalog, createSemanticLayer } = await import(join(repo, 'embed-api/src/semantic/index.ts'));
const { createDuckDbWarehouse } = await import(join(repo, 'embed-api/src/warehouse/index.ts'));
const { DOCUMENTS } = await import(join(repo, 'embed-api/src/dashboards/documents/index.ts'));
const catalog = loadCatalog(JSON.parse(readFileSync(manifestFile, 'utf8')));
const wmanifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const tenant = Object.keys(wmanifest.tenants)[0];
const t = wmanifest.tenants[tenant];
const scope = {
  tenantId: tenant,
  warehouseLocation: tenant,
  timeZone: t.time_zone,
  reportingCurrency: t.reporting_currency,
  lockedFilters: {},
};

// 1. straight on DuckDB: every panel's compiled SQL (current + previous period for KPI tiles), all panels at once
const warehouse = await createDuckDbWarehouse({ dataDir: dir, threads: Number(threads) });
const layer = createSemanticLayer({ catalog, warehouse });
const duck = {};
for (const doc of DOCUMENTS) {
  const statements = doc.panels
    .filter((p) => 'query' in p)
    .flatMap((p) =>
      layer
        .compile(
          {
            ...p.query,
            timeDimension: { dimension: 'date.day', ...(p.query.timeDimension ?? {}), dateRange: 'last 30 days' },
            ...(p.type === 'kpi' ? { compare: 'previous_period' } : {}),
          },
          scope,
        )
        .filter((q) => q.role !== 'freshness'),
    );
  const run = async () => {
    const t0 = performance.now();
    await Promise.all(statements.map((q) => warehouse.execute(q, { scope })));
    return performance.now() - t0;
  };
  duck[doc.id] = { cold: await run(), warm: await run(), statements: statements.length };
}
await warehouse.close();

// 2. the dashboards in Chromium through the API
const [pageDir, api] = await Promise.all([
  buildDemoPage(),
  startApi({ dir, env: { MIQ_DUCKDB_THREADS: threads, MIQ_SEMANTIC_MANIFEST: manifestFile } }),
]);
const site = await serveDir(pageDir);
const browser = await launchChromium();
const tokens = { [tenant]: await api.mint(tenant) };
async function open(id) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1600 } });
  const page = await context.newPage();
  await page.goto(pageUrl(site.origin, api.baseUrl, tokens, tenant, id));
  const panels = await collectPanels(page, 300000);
  const ms = await page.evaluate(() => performance.now());
  await context.close();
  // painted = loaded, or an honest empty answer (change-history panels with no change in the period)
  const bad = panels.filter(
    (p) => p.type !== 'agent' && p.state !== 'loaded' && !(p.state === 'empty' && p.rows === 0),
  );
  if (bad.length > 0) throw new Error(`${id}: ${bad.map((p) => `${p.id}=${p.state}`).join(', ')}`);
  return ms;
}
const rows = [];
for (const doc of DOCUMENTS) {
  const cold = await open(doc.id);
  const warm = await open(doc.id);
  rows.push({ id: doc.id, cold, warm, statements: duck[doc.id].statements });
}
await browser.close();
site.close();
api.stop();

const f = (n) => n.toFixed(0).padStart(6);
console.log(`warehouse ${dir} (scale ${wmanifest.scale}, tenant ${tenant}), DuckDB threads ${threads}, ms`);
console.log('dashboard           page cold  page warm  duckdb cold  duckdb warm  statements');
for (const r of rows) {
  console.log(
    `${r.id.padEnd(18)}  ${f(r.cold)}     ${f(r.warm)}     ${f(duck[r.id].cold)}       ${f(duck[r.id].warm)}       ${String(r.statements).padStart(3)}`,
  );
}
