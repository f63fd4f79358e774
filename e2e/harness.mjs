// Shared by the e2e suite, scripts/screenshots.mjs and bench/dashboards.mjs: builds the demo page
// (examples/demo) with esbuild, serves it, starts the real embed API (src/runtime/node.ts) over a warehouse with a
// throwaway PGlite app database and the demo partner, mints tenant tokens, and launches Debian's Chromium.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';

export const repo = resolve(import.meta.dirname, '..');

/** `MIQ_WAREHOUSE_DIR` (make test exports the shared test warehouse; read-only), default `data/test`. */
export function warehouseDir() {
  return resolve(repo, process.env.MIQ_WAREHOUSE_DIR || 'data/test');
}

function freePort() {
  return new Promise((ok, fail) => {
    const srv = netServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** Bundles examples/demo into a temp directory; returns the directory. */
export async function buildDemoPage() {
  const { build } = await import('esbuild');
  const out = mkdtempSync(join(tmpdir(), 'miq-demo-page-'));
  await build({
    entryPoints: [join(repo, 'examples/demo/demo.ts')],
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    conditions: ['browser', 'production'],
    logLevel: 'warning',
  });
  for (const f of ['index.html', 'demo.css']) copyFileSync(join(repo, 'examples/demo', f), join(out, f));
  return out;
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** A static file server on a free loopback port. */
export async function serveDir(dir) {
  const server = createServer((req, res) => {
    try {
      let p = new URL(req.url, 'http://x').pathname;
      if (p === '/') p = '/index.html';
      const file = join(dir, p.replace(/\.\.+/g, ''));
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

/** Starts the embed API; `{ baseUrl, tenants, mint(tenant, claims), stop() }`. Throws with the API's stderr. */
export async function startApi({ dir = warehouseDir(), timeoutMs = 120000, env: extraEnv = {} } = {}) {
  if (!existsSync(join(dir, 'semantic_manifest.json'))) {
    throw new Error(`No warehouse at ${dir}: run scripts/warehouse.sh test 0.02 and export MIQ_WAREHOUSE_DIR.`);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'miq-e2e-api-'));
  mkdirSync(tmp, { recursive: true });
  const port = await freePort();
  const partnerFile = join(tmp, 'partner.json');
  // its own app database: never the developer's or another suite's PostgreSQL/Redis
  const { DATABASE_URL: _d, REDIS_URL: _r, MIQ_REDIS_URL: _m, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], {
    cwd: join(repo, 'embed-api'),
    env: {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      MIQ_ENV: 'test',
      MIQ_DEMO_SEED: '1',
      MIQ_DEMO_PARTNER_FILE: partnerFile,
      MIQ_PGLITE_DIR: join(tmp, 'pglite'),
      MIQ_WAREHOUSE_DIR: dir,
      MIQ_CORS_ORIGINS: '*',
      MIQ_DUCKDB_THREADS: '1',
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const stop = () => child.exitCode === null && child.kill('SIGTERM');
  process.once('exit', stop);
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`embed API exited: ${stderr.slice(-3000)}`);
    if (Date.now() > deadline) {
      stop();
      throw new Error(`embed API did not start in ${timeoutMs} ms: ${stderr.slice(-2000)}`);
    }
    const up = await fetch(`${baseUrl}/api/v1/health`).then(
      () => true,
      () => false,
    );
    if (up && existsSync(partnerFile)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const partner = JSON.parse(readFileSync(partnerFile, 'utf8'));
  const tenants = partner.tenants.filter((t) => existsSync(join(dir, t, 'marts.duckdb')));
  const { SignJWT, importJWK } = await import('jose');
  const key = await importJWK(partner.privateJwk, partner.alg);
  async function mint(tenant, claims = {}) {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ tenant, dashboards: ['*'], ...claims })
      .setProtectedHeader({ alg: partner.alg, kid: partner.kid, typ: 'miq-embed+jwt' })
      .setIssuer(partner.partnerId)
      .setAudience('marketing-iq')
      .setSubject(claims.sub ?? 'e2e-user')
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 3000)
      .setJti(crypto.randomUUID())
      .sign(key);
  }
  return { baseUrl, tenants, mint, stop, stderr: () => stderr };
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
}

/** The demo page URL for one tenant and dashboard, with tokens for `tenants` in the hash. */
export function pageUrl(origin, api, tokens, tenant, dashboard) {
  const p = new URLSearchParams({ api, tokens: JSON.stringify(tokens), tenant, dashboard });
  return `${origin}/index.html#${p}`;
}

/**
 * Runs in the page: waits until the dashboard's panels settled and charts drew, and reports each panel:
 * `{ id, type, state, title, value, marks, measure, format, dateRange }`; agent panels (`type: 'agent'`, `kind`
 * `insights` / `alerts`) report their state, texts and the findings or alerts as shown (`items`).
 */
export async function collectPanels(page, timeout = 90000) {
  await page.waitForFunction(() => document.querySelector('miq-dashboard')?.document !== undefined, null, {
    timeout,
  });
  return page.evaluate(async () => {
    const el = document.querySelector('miq-dashboard');
    await el.updateComplete;
    const grid = el.shadowRoot.querySelector('.grid');
    const out = [];
    for (const p of grid.children) {
      const id = p.dataset.panel;
      if (p.classList.contains('agent-panel')) {
        // <miq-insights> / <miq-alerts>: a lazy chunk, upgraded once loaded
        await customElements.whenDefined(p.localName);
        p.scrollIntoView();
        await p.settled();
        const root = p.shadowRoot;
        const text = (e) => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
        out.push({
          id,
          type: 'agent',
          kind: p.localName.replace('miq-', ''),
          state: p.panelState,
          text: text(root),
          error: text(root.querySelector('[part="error"]')) || undefined,
          empty: text(root.querySelector('[part="empty"]')) || undefined,
          unavailable: text(root.querySelector('[part="unavailable"]')) || undefined,
          // findings: id, title, impact and evidence as shown; alerts: id and cells as shown
          items: [...root.querySelectorAll('[part="finding"], [part="alert"]')].map((item) => ({
            id: item.dataset.id,
            title: text(item.querySelector('.title')),
            impact: text(item.querySelector('[part="impact"]')),
            evidence: Object.fromEntries(
              [...item.querySelectorAll('[part="evidence"] [data-name]')].map((d) => [
                d.dataset.name,
                text(d.querySelector('dd')),
              ]),
            ),
            cells: [...item.querySelectorAll('td')].map(text),
          })),
        });
        continue;
      }
      p.scrollIntoView();
      await p.settled();
      const type = p.tagName.toLowerCase().replace('miq-', '');
      let marks = null;
      if (type === 'chart' && p.panelState === 'loaded') {
        await p.whenRendered();
        marks = p.shadowRoot.querySelectorAll(
          '.chart svg g[class*="mark-"] > path, .chart svg g[class*="mark-"] > g, .chart svg g[class*="mark-"] > rect',
        ).length;
      }
      const r = p.response;
      const measure = r?.query?.measures?.[0];
      out.push({
        id,
        type,
        state: p.panelState,
        error: p.shadowRoot.querySelector('[part="error"]')?.textContent?.replace(/\s+/g, ' ').trim(),
        value:
          type === 'kpi'
            ? p.shadowRoot.querySelector('[part="value"]')?.textContent?.replace(/\s+/g, ' ').trim()
            : undefined,
        marks,
        measure,
        format: measure ? r.annotation?.[measure]?.format : undefined,
        dateRange: r?.query?.timeDimension?.dateRange,
        rows: r?.rows?.length,
      });
    }
    return out;
  });
}
