// "Works unchanged in browsers, Node 20 and Cloudflare Workers": the same scenario (success, typed validation error,
// retry after 503, timeout, abort) runs in Node, in workerd (Miniflare) and in Debian's headless Chromium, each
// with the browser entry bundled as is, against one protocol test server on loopback.
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { chromium } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { type ProtocolServer, startProtocolServer } from './testing/protocol-server.js';
import { runScenario, SCENARIO_RESULT, scenarioHandler } from './testing/runtime-scenario.js';

const here = new URL('.', import.meta.url).pathname;
let server: ProtocolServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function bundle(contents: string): Promise<string> {
  const out = await build({
    stdin: { contents, resolveDir: here, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

describe('one client, three runtimes', () => {
  it('Node 20', async () => {
    const handle = scenarioHandler();
    server = await startProtocolServer((req, res) => void handle(req, res));
    expect(await runScenario(server.url)).toEqual(SCENARIO_RESULT);
  });

  it('Cloudflare Workers (workerd via Miniflare)', async () => {
    const handle = scenarioHandler();
    server = await startProtocolServer((req, res) => void handle(req, res));
    const script = await bundle(`import { runScenario } from './testing/runtime-scenario.ts';
      export default { async fetch(request, env) { return Response.json(await runScenario(env.API)); } };`);
    const mf = new Miniflare({ modules: true, script, bindings: { API: server.url }, compatibilityDate: '2025-01-01' });
    try {
      const res = await mf.dispatchFetch('http://worker.test/');
      expect(await res.json()).toEqual(SCENARIO_RESULT);
    } finally {
      await mf.dispose();
    }
  }, 30_000);

  it('Chromium (a page served from the same origin as the API)', async () => {
    const handle = scenarioHandler();
    const script = await bundle(`import { runScenario } from './testing/runtime-scenario.ts';
      runScenario(location.origin).then((r) => { window.__result = r; }, (e) => { window.__result = { failed: String(e) }; });`);
    server = await startProtocolServer((req, res) => {
      if (handle(req, res)) return;
      const js = req.url === '/scenario.js';
      res.writeHead(200, { 'content-type': js ? 'text/javascript' : 'text/html' });
      res.end(js ? script : '<!doctype html><script type="module" src="/scenario.js"></script>');
    });
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(server.url);
      const result = await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result, null, {
        timeout: 15_000,
      });
      expect(await result.jsonValue()).toEqual(SCENARIO_RESULT);
    } finally {
      await browser.close();
    }
  }, 30_000);
});
