/**
 * The demo page's handler as `make demo` mounts it: the URL the demo prints (`/demo/`) and the bare `/demo` lead to
 * the page, the page and its bundle are served, tokens are minted for the tenants that have marts, and names outside
 * the site are refused. Real esbuild bundle; the warehouse is the test warehouse (`MIQ_WAREHOUSE_DIR`).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { demoSite } from './serve.js';

const warehouseDir = process.env.MIQ_WAREHOUSE_DIR ?? '';

test('the printed /demo/ URL and /demo reach the page; its bundle, tokens and refusals', async () => {
  assert.ok(existsSync(path.join(warehouseDir, 'semantic_manifest.json')), 'MIQ_WAREHOUSE_DIR: a built warehouse');
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
  const demo = {
    partnerId: 'demo-partner',
    kid: 'demo-test',
    alg: 'EdDSA' as const,
    privateJwk: await exportJWK(privateKey),
    tenants: ['rare-seeds', 'no-such-tenant'],
  };
  const site = await demoSite(demo, warehouseDir);
  const get = async (p: string) => {
    const res = await site(new Request(`http://127.0.0.1:8787${p}`));
    assert.ok(res, `${p}: handled by the demo site`);
    return res;
  };

  for (const p of ['/demo/', '/demo', '/']) {
    const res = await get(p);
    assert.equal(res.status, 302, p);
    assert.equal(res.headers.get('location'), 'http://127.0.0.1:8787/demo/index.html', p);
  }
  const page = await get('/demo/index.html');
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /text\/html/);
  const html = await page.text();
  const script = /src="\.?\/?([\w.-]+\.js)"/.exec(html)?.[1];
  assert.ok(script, 'the page loads a script');
  const bundle = await get(`/demo/${script}`);
  assert.equal(bundle.status, 200, script);
  assert.ok((await bundle.text()).length > 1000, 'the bundle is not empty');

  const tokens = (await (await get('/demo/tokens')).json()) as Record<string, unknown>;
  const minted = (tokens.tokens ?? tokens) as Record<string, string>;
  assert.deepEqual(Object.keys(minted), ['rare-seeds'], 'only tenants with marts');
  const { payload } = await jwtVerify(minted['rare-seeds'] as string, publicKey);
  assert.equal(payload.tenant, 'rare-seeds');

  assert.equal((await get('/demo/..%2Fserve.ts')).status, 404);
  assert.equal(await site(new Request('http://127.0.0.1:8787/api/v1/health')), undefined, 'the API is not the site');
});
