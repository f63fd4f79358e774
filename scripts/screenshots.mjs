#!/usr/bin/env node
// Screenshots of dashboards in headless Debian Chromium (never a downloaded browser) for the README:
//   MIQ_WAREHOUSE_DIR=$PWD/data/demo node scripts/screenshots.mjs [ids...]   (default: overview google-ads klaviyo budget-pacing)
// Writes docs/screenshots/<id>.png. Uses the demo page (examples/demo) against the real embed API.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildDemoPage, collectPanels, launchChromium, pageUrl, repo, serveDir, startApi } from '../e2e/harness.mjs';

const ids =
  process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['overview', 'google-ads', 'klaviyo', 'budget-pacing'];
const out = join(repo, 'docs/screenshots');
mkdirSync(out, { recursive: true });
const [pageDir, api] = await Promise.all([buildDemoPage(), startApi()]);
const site = await serveDir(pageDir);
const browser = await launchChromium();
try {
  const tenant = api.tenants[0];
  const tokens = { [tenant]: await api.mint(tenant) };
  for (const id of ids) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(pageUrl(site.origin, api.baseUrl, tokens, tenant, id));
    const panels = await collectPanels(page);
    const bad = panels.filter((p) => p.type !== 'agent' && p.state !== 'loaded');
    if (bad.length > 0) throw new Error(`${id}: panels not loaded: ${bad.map((p) => `${p.id}=${p.state}`).join(', ')}`);
    await page.evaluate(() => window.scrollTo(0, 0));
    const file = join(out, `${id}.png`);
    await page.screenshot({ path: file, fullPage: true });
    process.stdout.write(`${file}\n`);
    await context.close();
  }
} finally {
  await browser.close();
  site.close();
  api.stop();
}
