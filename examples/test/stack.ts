/**
 * Test stack for the examples: the real embed API (`embed-api/src/runtime/node.ts`, as e2e/harness.mjs starts it) over
 * `MIQ_WAREHOUSE_DIR` with a throwaway PGlite app database and the demo partner — whose key file the example back end
 * then reads, exactly as it would after `make demo` — plus the example host back end on a free port.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importJWK, SignJWT } from 'jose';
import { buildAssets } from '../node-backend/assets.js';
import { createHostServer } from '../node-backend/host-server.js';
import { partnerFromEnv } from '../node-backend/partner.js';
import { DEMO_USERS } from '../node-backend/users.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Stack {
  readonly apiBase: string;
  readonly hostBase: string;
  /**
   * A token minted independently of the example (plain jose with the partner's key), for direct API calls that the
   * example's numbers are compared with.
   */
  directToken(tenant: string, filters?: Record<string, string[]>): Promise<string>;
  stop(): Promise<void>;
}

async function startApi(dir: string, tmp: string, partnerFile: string) {
  const { DATABASE_URL: _d, REDIS_URL: _r, MIQ_REDIS_URL: _m, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], {
    cwd: path.join(REPO, 'embed-api'),
    env: {
      ...env,
      PORT: '0',
      HOST: '127.0.0.1',
      MIQ_ENV: 'test',
      MIQ_DEMO_SEED: '1',
      MIQ_DEMO_PARTNER_FILE: partnerFile,
      MIQ_PGLITE_DIR: path.join(tmp, 'pglite'),
      MIQ_WAREHOUSE_DIR: dir,
      MIQ_CORS_ORIGINS: '*',
      MIQ_DUCKDB_THREADS: '1',
      MIQ_INTERNAL_PORT: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    const url = /"embed API listening"[^\n]*"url":"(http:\/\/[^"]+)"/.exec(out)?.[1];
    if (url && existsSync(partnerFile)) return { url, child };
    if (child.exitCode !== null) throw new Error(`embed API exited: ${out.slice(-3000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`embed API did not start: ${out.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Starts the API and the example host; `stop()` ends both. */
export async function startStack(): Promise<Stack> {
  const dir = path.resolve(REPO, process.env.MIQ_WAREHOUSE_DIR || 'data/test');
  if (!existsSync(path.join(dir, 'semantic_manifest.json'))) {
    throw new Error(`No warehouse at ${dir}: run scripts/warehouse.sh test 0.02 and export MIQ_WAREHOUSE_DIR.`);
  }
  const tmp = mkdtempSync(path.join(tmpdir(), 'miq-examples-test-'));
  const partnerFile = path.join(tmp, 'partner.json');
  const [api, assetsDir] = await Promise.all([startApi(dir, tmp, partnerFile), buildAssets(path.join(tmp, 'assets'))]);
  const stopApi = () => api.child.exitCode === null && api.child.kill('SIGTERM');
  process.once('exit', stopApi);
  const server = createHostServer({
    apiBase: api.url,
    partner: partnerFromEnv({ MIQ_PARTNER_FILE: partnerFile }, partnerFile),
    users: DEMO_USERS,
    assetsDir,
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const hostBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const demo = JSON.parse(readFileSync(partnerFile, 'utf8'));
  const key = await importJWK(demo.privateJwk, demo.alg);
  return {
    apiBase: api.url,
    hostBase,
    directToken(tenant, filters) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ tenant, dashboards: ['*'], ...(filters ? { filters } : {}) })
        .setProtectedHeader({ alg: demo.alg, kid: demo.kid, typ: 'miq-embed+jwt' })
        .setIssuer(demo.partnerId)
        .setAudience('marketing-iq')
        .setSubject('examples-test')
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .setJti(crypto.randomUUID())
        .sign(key);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      if (api.child.exitCode === null) {
        const exited = new Promise((r) => api.child.once('exit', r));
        stopApi();
        await exited;
      }
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** `POST /api/v1/metrics` with a bearer token; returns status and parsed body. */
export async function metrics(
  apiBase: string,
  token: string,
  query: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: { rows?: Record<string, unknown>[]; error?: { code: string } } }> {
  const res = await fetch(`${apiBase}/api/v1/metrics`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(query),
  });
  return { status: res.status, body: await res.json() };
}
