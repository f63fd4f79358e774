/**
 * The JWKS key store with the real `fetch` over a real socket: a loopback server is reachable only because its exact
 * host:port is on the test allow-list; redirects, slow answers and oversized bodies are refused.
 */
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAppConfig } from '../config/index.js';
import { createJwksKeyStore } from './jwks.js';

let server: Server;
let host: string;
let jwks: string;

beforeAll(async () => {
  const pair = await generateKeyPair('EdDSA', { extractable: true });
  jwks = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'loop-1' }] });
  server = createServer((req, res) => {
    if (req.url === '/jwks.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    if (req.url === '/redirect') return void res.writeHead(302, { location: '/jwks.json' }).end();
    if (req.url === '/slow') return void setTimeout(() => res.writeHead(200).end(jwks), 2000);
    if (req.url === '/big') return void res.writeHead(200).end(JSON.stringify({ keys: [], pad: 'x'.repeat(200_000) }));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  host = `127.0.0.1:${address.port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('JWKS fetching over a real socket', () => {
  const store = (allow: string[]) =>
    createJwksKeyStore({
      config: { ...defaultAppConfig.jwks, testAllowHosts: allow, timeoutMs: 300, minRefreshSeconds: 0 },
      clock: () => new Date(),
    });

  it('fetches from an allow-listed loopback host only', async () => {
    expect((await store([host]).get(`http://${host}/jwks.json`, 'loop-1'))?.alg).toBe('EdDSA');
    await expect(store([]).get(`http://${host}/jwks.json`, 'loop-1')).rejects.toThrow(/https_required/);
    await expect(store([]).get(`https://${host}/jwks.json`, 'loop-1')).rejects.toThrow(/private_address/);
  });

  it('refuses redirects, answers slower than the time limit, and bodies over the size limit', async () => {
    const s = store([host]);
    await expect(s.get(`http://${host}/redirect`, 'loop-1')).rejects.toThrow();
    const t0 = performance.now();
    await expect(s.get(`http://${host}/slow`, 'loop-1')).rejects.toThrow();
    expect(performance.now() - t0).toBeLessThan(1500);
    await expect(s.get(`http://${host}/big`, 'loop-1')).rejects.toThrow(/larger than/);
  });
});
