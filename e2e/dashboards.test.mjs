// Browser test of the 18 dashboards: the demo page (examples/demo) in Debian's Chromium against the real embed API over
// MIQ_WAREHOUSE_DIR (default data/test). Per dashboard: no console errors, no failed requests, every panel loaded,
// every chart draws marks, money KPIs in the tenant's currency, agent panels show the API's findings and alerts
// (or, for an agent not built yet, an honest empty state), and at least three
// panels' numbers equal plain SQL over the raw Fivetran tables. Run: node --test e2e/
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildDemoPage, collectPanels, launchChromium, pageUrl, serveDir, startApi, warehouseDir } from './harness.mjs';
import { openRaw, parseShown } from './raw.mjs';

const DASHBOARDS = [
  'overview',
  'google-ads',
  'meta-ads',
  'ga4',
  'klaviyo',
  'ecommerce',
  'budget-pacing',
  'bid-strategy',
  'search-terms',
  'creative',
  'video',
  'audiences',
  'dayparting',
  'channel-mix',
  'email-campaigns',
  'lifecycle-flows',
  'list-growth',
  'anomalies',
];
// panels on the change-history facts (a handful of changes per year and tenant)
const SPARSE = new Set([
  'anomalies/ad-group-changes',
  'anomalies/campaign-changes',
  'budget-pacing/budget-changes',
  'bid-strategy/bidding-changes',
]);
// the second tenant (another currency) opens these
const SECOND_TENANT = ['overview', 'google-ads', 'klaviyo', 'anomalies', 'budget-pacing'];

const dir = warehouseDir();
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const currencySymbol = (c) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: c }).formatToParts(1).find((p) => p.type === 'currency')
    .value;

let api;
let site;
let browser;
let tokens;
const raw = new Map();

before(async () => {
  const [pageDir, started] = await Promise.all([buildDemoPage(), startApi({ dir })]);
  api = started;
  site = await serveDir(pageDir);
  browser = await launchChromium();
  tokens = {};
  for (const t of api.tenants.slice(0, 2)) {
    tokens[t] = await api.mint(t);
    raw.set(t, await openRaw(dir, t, manifest.tenants[t].time_zone));
  }
});
after(async () => {
  console.log(
    `agent dashboards without findings (not built yet, honest empty state): ${[...emptyAgents].join(', ') || 'none'}`,
  );
  await browser?.close();
  site?.close();
  api?.stop();
  for (const r of raw.values()) r.close();
});

async function open(tenant, id) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1600 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  await page.goto(pageUrl(site.origin, api.baseUrl, tokens, tenant, id));
  const panels = await collectPanels(page);
  await context.close();
  return { panels, problems };
}

async function check(tenant, id) {
  const { panels, problems } = await open(tenant, id);
  assert.deepEqual(problems, [], `${tenant}/${id}: console errors or failed requests`);
  assert.ok(panels.length >= 4, `${id}: ${panels.length} panels`);
  const currency = manifest.tenants[tenant].reporting_currency;
  let verified = 0;
  const failures = [];
  const expect = (ok, message) => {
    if (!ok) failures.push(message);
  };
  for (const p of panels) {
    const where = `${tenant}/${id}/${p.id}`;
    if (p.type === 'agent') {
      await checkAgentPanel(tenant, id, p, currency, expect);
      continue;
    }
    // change-history panels may honestly have no change in the last 30 days: empty, with a successful 0-row answer
    const sparseOk = SPARSE.has(`${id}/${p.id}`) && p.state === 'empty' && p.rows === 0;
    expect(p.state === 'loaded' || sparseOk, `${where}: ${p.state} ${p.error ?? ''}`);
    if (p.state !== 'loaded') continue;
    if (p.type === 'chart') expect(p.marks > 0, `${where}: chart drew ${p.marks} marks`);
    if (p.type !== 'kpi') continue;
    if (p.format === 'currency') {
      expect(p.value.includes(currencySymbol(currency)), `${where}: "${p.value}" not in ${currency}`);
    }
    const range = Array.isArray(p.dateRange) ? p.dateRange : undefined;
    assert.ok(range, `${where}: resolved date range`);
    const filters = await panelFilters(tenant, id, p.id);
    const want = await raw.get(tenant).expected(p.measure, filters, range);
    if (want === undefined) continue;
    const shown = parseShown(p.value);
    assert.ok(shown, `${where}: "${p.value}"`);
    const same = Math.abs(shown.value - want) <= shown.tolerance;
    expect(same, `${where} ${p.measure} ${range}: page shows "${p.value}", raw SQL gives ${want}`);
    if (same) verified++;
  }
  expect(verified >= 3, `${tenant}/${id}: only ${verified} panels equal raw SQL`);
  assert.deepEqual(failures, [], `${tenant}/${id}`);
  return verified;
}

/** The API's own answer for a tenant (what an agent panel must show). */
async function apiJson(tenant, path, body) {
  const res = await fetch(`${api.baseUrl}/api/v1${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${tokens[tenant]}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  assert.equal(res.status, 200, `${path}: HTTP ${res.status}`);
  return res.json();
}

/** Agent dashboards that showed no finding (printed at the end; each must be an agent not built yet). */
const emptyAgents = new Set();

/**
 * An agent panel shows exactly the API's findings (POST /agents/recommend with the dashboard id) or alerts
 * (GET /alerts), in its order, money in the tenant's currency. An agent the API reports as not built yet (no findings,
 * every rule `unavailable`) shows the honest empty state and names the rules it cannot check; a built agent must show
 * at least one real finding.
 */
async function checkAgentPanel(tenant, id, p, currency, expect) {
  const where = `${tenant}/${id}/${p.id}`;
  const symbol = currencySymbol(currency);
  const want =
    p.kind === 'insights'
      ? (await apiJson(tenant, '/agents/recommend', { dashboard: id })).findings
      : (await apiJson(tenant, '/alerts')).alerts;
  expect(p.error === undefined, `${where}: error ${p.error}`);
  if (p.kind === 'insights' && want.length === 0) {
    const answer = await apiJson(tenant, '/agents/recommend', { dashboard: id });
    emptyAgents.add(id);
    expect(p.state === 'empty', `${where}: no findings from the API, panel ${p.state}`);
    expect(/^No findings:/.test(p.empty ?? ''), `${where}: empty state "${p.empty}"`);
    // only an agent that is not built yet may have nothing: it says which rules it cannot check
    expect(answer.unavailable.length > 0, `${where}: a built agent with no finding on ${tenant}`);
    for (const u of answer.unavailable) {
      expect((p.unavailable ?? '').includes(u.missing.join(', ')), `${where}: unavailable "${p.unavailable}"`);
    }
    return;
  }
  expect(want.length > 0, `${where}: the API has no ${p.kind} for ${tenant}`);
  expect(p.state === 'loaded', `${where}: ${p.state}`);
  expect(
    JSON.stringify(p.items.map((i) => i.id)) === JSON.stringify(want.map((w) => w.id)),
    `${where}: shows ${p.items.map((i) => i.id)} but the API answers ${want.map((w) => w.id)}`,
  );
  if (p.kind === 'insights') {
    for (const [i, f] of want.entries()) {
      const shown = p.items[i];
      if (!shown) break;
      expect(shown.title === f.title.replace(/\s+/g, ' ').trim(), `${where}/${f.id}: title "${shown.title}"`);
      expect(f.currency === currency, `${where}/${f.id}: finding in ${f.currency}, tenant reports in ${currency}`);
      if (f.impact !== null) expect(shown.impact.includes(symbol), `${where}/${f.id}: impact "${shown.impact}"`);
      for (const name of ['spend', 'cpa', 'average_cpa', 'projected', 'monthly_budget', 'daily_budget']) {
        if (name in f.evidence.numbers) {
          expect(shown.evidence[name]?.includes(symbol), `${where}/${f.id}: ${name} "${shown.evidence[name]}"`);
        }
      }
    }
  } else {
    for (const [i, a] of want.entries()) {
      const cells = p.items[i]?.cells ?? [];
      if (/^(spend|cpa|email_revenue)/.test(a.kpi)) {
        expect(cells[1]?.includes(symbol) && cells[2]?.includes(symbol), `${where}/${a.id}: ${cells}`);
      }
    }
  }
}

const docs = new Map();
async function panelFilters(tenant, id, panelId) {
  const key = `${tenant}/${id}`;
  if (!docs.has(key)) {
    const res = await fetch(`${api.baseUrl}/api/v1/dashboards/${id}`, {
      headers: { authorization: `Bearer ${tokens[tenant]}` },
    });
    docs.set(key, await res.json());
  }
  return docs.get(key).panels.find((p) => p.id === panelId)?.query?.filters;
}

describe('the 18 dashboards in Chromium', { timeout: 20 * 60_000 }, () => {
  it('GET /dashboards lists exactly the 18', async () => {
    const tenant = Object.keys(tokens)[0];
    const res = await fetch(`${api.baseUrl}/api/v1/dashboards`, {
      headers: { authorization: `Bearer ${tokens[tenant]}` },
    });
    assert.deepEqual((await res.json()).dashboards.map((d) => d.id).sort(), [...DASHBOARDS].sort());
  });
  for (const id of DASHBOARDS) {
    it(`${id}: loads cleanly, draws, and ≥ 3 numbers equal raw SQL`, async () => {
      await check(Object.keys(tokens)[0], id);
    });
  }
  for (const id of SECOND_TENANT) {
    it(`${id} on the second tenant (its own currency)`, async () => {
      const second = Object.keys(tokens)[1];
      assert.ok(second, 'the warehouse has a second tenant');
      await check(second, id);
    });
  }
});
