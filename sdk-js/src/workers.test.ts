// "Works unchanged in Cloudflare Workers": the browser entry, bundled as is, runs inside workerd (Miniflare) and talks
// to a protocol test server on loopback: a success, a typed validation error, a retry after 503, a timeout.
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiError, json, type ProtocolServer, startProtocolServer } from './testing/protocol-server.js';

const WORKER = `
import { createClient, MiqValidationError, MiqTimeoutError } from './index.ts';
export default {
  async fetch(request, env) {
    const client = createClient({ baseUrl: env.API, token: 'worker-token', retryBaseDelayMs: 10 });
    const out = {};
    out.metrics = await client.metrics({ measures: ['ads.spend'] });
    try { await client.metrics({ measures: ['ads.nope'] }); } catch (e) {
      out.invalid = { validation: e instanceof MiqValidationError, code: e.code, status: e.status, details: e.details };
    }
    out.retried = await client.schema();
    try { await client.health({ timeoutMs: 200 }); } catch (e) {
      out.timeout = { timeout: e instanceof MiqTimeoutError, code: e.code };
    }
    return Response.json(out);
  },
};`;

let server: ProtocolServer;
let mf: Miniflare;
let schemaCalls = 0;

beforeAll(async () => {
  server = await startProtocolServer((req, res) => {
    const body = req.body ? (JSON.parse(req.body) as { measures?: string[] }) : {};
    if (req.url === '/api/v1/metrics' && body.measures?.[0] === 'ads.spend') {
      return json(res, 200, { rows: [{ 'ads.spend': 42 }], auth: req.headers.authorization });
    }
    if (req.url === '/api/v1/metrics') {
      return json(
        res,
        400,
        apiError('validation_failed', 'bad', [{ field: 'measures[0]', code: 'unknown_member', message: 'Unknown' }]),
      );
    }
    if (req.url === '/api/v1/schema') {
      return ++schemaCalls === 1 ? json(res, 503, {}, { 'retry-after': '0' }) : json(res, 200, { version: 'v1' });
    }
    // /health hangs
  });
  const bundled = await build({
    stdin: { contents: WORKER, resolveDir: new URL('.', import.meta.url).pathname, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  mf = new Miniflare({
    modules: true,
    script: bundled.outputFiles[0]!.text,
    bindings: { API: server.url },
    compatibilityDate: '2025-01-01',
  });
});

afterAll(async () => {
  await mf?.dispose();
  await server?.close();
});

describe('the client inside workerd (Miniflare)', () => {
  it('fetches, raises typed errors, retries and times out with only Web APIs', async () => {
    const res = await mf.dispatchFetch('http://worker.test/');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      metrics: { rows: [{ 'ads.spend': 42 }], auth: 'Bearer worker-token' },
      invalid: {
        validation: true,
        code: 'validation_failed',
        status: 400,
        details: [{ field: 'measures[0]', code: 'unknown_member', message: 'Unknown' }],
      },
      retried: { version: 'v1' },
      timeout: { timeout: true, code: 'timeout' },
    });
    expect(schemaCalls).toBe(2);
  }, 20_000);
});
