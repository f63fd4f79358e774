// Benchmark (not a test): connection → first chart painted / all charts painted for a 6-panel <miq-dashboard>
// against the same six specs rendered by plain vega-embed, both in headless Debian Chromium against the real embed API
// (warmed first, so both pages hit its cache). Each run uses a fresh browser context (cold HTTP cache).
//   MIQ_WAREHOUSE_DIR=$PWD/data/test node widgets/scripts/bench.mjs [runs=7]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { startRealApi } from './real-api.mjs';

const runs = Number(process.argv[2] ?? 7);
const root = new URL('..', import.meta.url).pathname;
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = join(root, 'dist', 'bench');
mkdirSync(out, { recursive: true });
// the widgets page loads the real script-tag build
execFileSync('npx', ['rollup', '-c', 'rollup.config.mjs', '--silent'], { cwd: root, stdio: 'inherit' });

await build({
  entryPoints: { widgets: join(root, 'bench/widgets-page.ts'), baseline: join(root, 'bench/vega-embed-page.ts') },
  outdir: out,
  bundle: true,
  format: 'esm',
  minify: true,
  target: 'es2022',
  conditions: ['browser', 'production'],
  logLevel: 'warning',
});
for (const page of ['widgets', 'baseline']) {
  writeFileSync(
    join(out, `${page}.html`),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${page}</title></head><body><script type="module" src="./${page}.js"></script></body></html>`,
  );
}

const types = { '.html': 'text/html', '.js': 'text/javascript' };
const server = createServer((req, res) => {
  try {
    const path = new URL(req.url, 'http://x').pathname;
    const file = path.startsWith('/cdn/') ? join(root, 'dist', path) : join(out, path);
    const body = readFileSync(file);
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

const api = await startRealApi();
if (api.error) {
  console.error(api.error);
  process.exit(1);
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
});
const hash = `#api=${encodeURIComponent(api.baseUrl)}&token=${encodeURIComponent(api.token)}&widgets=${encodeURIComponent(`/cdn/v${version}/miq-widgets.js`)}`;
async function measure(page) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 2400 } });
  const tab = await context.newPage();
  await tab.goto(`${origin}/${page}.html${hash}`);
  const result = await tab.waitForFunction(() => window.__bench, null, { timeout: 60000 }).then((h) => h.jsonValue());
  await context.close();
  return result;
}
// warm the API cache and the machine
await measure('widgets');
await measure('baseline');
const results = { widgets: [], baseline: [] };
for (let i = 0; i < runs; i++) {
  for (const page of i % 2 ? ['baseline', 'widgets'] : ['widgets', 'baseline']) results[page].push(await measure(page));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const breakdown = ['firstData', 'runtimeLoaded', 'compilerLoaded']
  .map((k) => `${k} ${median(results.widgets.map((r) => r[k] ?? 0)).toFixed(0)}`)
  .join('  ');
const summary = Object.fromEntries(
  Object.entries(results).map(([k, v]) => [
    k,
    { first: median(v.map((r) => r.first)), all: median(v.map((r) => r.all)) },
  ]),
);
console.log(`median of ${runs} runs (ms from navigation start)`);
for (const [k, v] of Object.entries(summary))
  console.log(`${k.padEnd(9)} first chart ${v.first.toFixed(0)}  all six ${v.all.toFixed(0)}`);
console.log(`widgets breakdown (median ms): ${breakdown}`);
console.log(
  `ratio widgets / vega-embed: first ${(summary.widgets.first / summary.baseline.first).toFixed(2)}×, all ${(summary.widgets.all / summary.baseline.all).toFixed(2)}×`,
);
await browser.close();
server.close();
api.stop();
