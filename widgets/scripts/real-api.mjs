// Starts the real embed API (embed-api/src/runtime/node.ts) over a warehouse for browser tests and benchmarks:
// a free loopback port, a throwaway PGlite app database, the demo partner seeded, and a tenant token minted from it.
//   const api = await startRealApi();
//   // { baseUrl, token, tenant, tenants, mint(t, sub?), admin(method, path, body?), currencyOf(t), rawSql(sql), stop() }
//   // or { error }
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..', '..');

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/** `MIQ_WAREHOUSE_DIR` (what `make test` exports), default `data/test`. */
export function warehouseDir() {
  return resolve(repo, process.env.MIQ_WAREHOUSE_DIR || 'data/test');
}

export async function startRealApi({ dir = warehouseDir(), timeoutMs = 90000 } = {}) {
  if (!existsSync(join(dir, 'semantic_manifest.json'))) {
    return {
      error: `No test warehouse at ${dir}: run \`scripts/warehouse.sh test 0.02\` and export MIQ_WAREHOUSE_DIR=$PWD/data/test (make test does both).`,
    };
  }
  const tmp = mkdtempSync(join(tmpdir(), 'miq-widgets-api-'));
  const port = await freePort();
  const partnerFile = join(tmp, 'partner.json');
  // an operator token for this run only, so tests can create a partner API key and use the admin API
  const operatorToken = `miq_op_${randomBytes(32).toString('base64url')}`;
  // its own throwaway app database: never the developer's or another suite's PostgreSQL/Redis
  const { DATABASE_URL: _db, REDIS_URL: _redis, MIQ_REDIS_URL: _miqRedis, ...env } = process.env;
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
      MIQ_OPERATOR_TOKEN_SHA256: createHash('sha256').update(operatorToken).digest('hex'),
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
    if (child.exitCode !== null) return { error: `embed API exited: ${stderr.slice(-2000)}` };
    if (Date.now() > deadline) {
      stop();
      return { error: `embed API did not start in ${timeoutMs} ms: ${stderr.slice(-2000)}` };
    }
    // any answer means the server is up (health may be 503 when a tenant of tenants.json is not in this warehouse)
    const up = await fetch(`${baseUrl}/api/v1/health`).then(
      () => true,
      () => false,
    );
    if (up && existsSync(partnerFile)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const partner = JSON.parse(readFileSync(partnerFile, 'utf8'));
  const tenants = partner.tenants.filter((t) => existsSync(join(dir, t, 'marts.duckdb')));
  const tenant = tenants[0];
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const { SignJWT, importJWK } = await import('jose');
  const key = await importJWK(partner.privateJwk, partner.alg);
  /** A 30-minute token for any tenant of the warehouse (all dashboards), for end user `subject`. */
  async function mint(forTenant, subject = 'widgets-test') {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ tenant: forTenant, dashboards: ['*'] })
      .setProtectedHeader({ alg: partner.alg, kid: partner.kid, typ: 'miq-embed+jwt' })
      .setIssuer(partner.partnerId)
      .setAudience('marketing-iq')
      .setSubject(subject)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 1800)
      .setJti(crypto.randomUUID())
      .sign(key);
  }
  const token = await mint(tenant);
  /** The tenant's reporting currency, from the generator's manifest (not from the API). */
  const currencyOf = (t) => manifest.tenants?.[t]?.reporting_currency;

  async function rawSql(sql) {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(join(dir, tenant, 'raw.duckdb'), {
      access_mode: 'READ_ONLY',
      threads: '1',
    });
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(sql);
      return JSON.parse(JSON.stringify(reader.getRowObjectsJS(), (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }
  let apiKey;
  /** Calls the partner admin API (`/api/v1/admin/...`) as the demo partner; `{ status, body }`. */
  async function admin(method, path, body) {
    if (!apiKey) {
      const res = await fetch(`${baseUrl}/api/v1/operator/partners/${partner.partnerId}/api-keys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${operatorToken}` },
      });
      if (res.status !== 201) throw new Error(`operator API: ${res.status} ${await res.text()}`);
      apiKey = (await res.json()).key;
    }
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  }
  return { baseUrl, token, tenant, tenants, mint, admin, currencyOf, rawSql, stop };
}
