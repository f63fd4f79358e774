/**
 * What can be validated here without a Docker daemon (`node --import tsx --test infra/infra.test.ts`):
 * - docker-compose.yml, parsed with a YAML parser (PyYAML from the project's .venv): every variable the API service
 *   sets is one the embed API reads, its `${VAR}` interpolations are all in .env.example, and the resulting environment
 *   passes the API's own config loader (`loadRuntimeConfig`) with the production shape (PostgreSQL, Redis, Snowflake,
 *   an origin list, a master key, listening on all interfaces, no demo seed);
 * - the Dockerfile's shape (Node 20, multi-stage, non-root, health check on /api/v1/health);
 * - the bundle the image runs (infra/docker/bundle.mjs → server.mjs) starts with MIQ_ENV=production over the test
 *   warehouse and answers /api/v1/health. The image itself is NOT built here.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadRuntimeConfig, type RuntimeConfig } from '../embed-api/src/config/index.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');

type Env = Record<string, string | undefined>;

/** Parses YAML with PyYAML (the Node tree has no YAML parser; the project's venv has PyYAML for dbt). */
function parseYaml(file: string): Record<string, unknown> {
  const py = 'import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)';
  return JSON.parse(execFileSync(path.join(REPO, '.venv/bin/python'), ['-c', py, file], { encoding: 'utf8' }));
}

/** Compose-style interpolation: ${X}, ${X:-default}, ${X-default}, ${X:?error}, ${X?error}, $$. */
function interpolate(value: string, vars: Env, used: Set<string>): string {
  return value.replace(/\$\$|\$\{([A-Z0-9_]+)(?:(:?)([-?])([^}]*))?\}/g, (all, name, colon, op, arg) => {
    if (all === '$$') return '$';
    used.add(name);
    const v = vars[name];
    const missing = v === undefined || (colon === ':' && v === '');
    if (op === '?' && missing) throw new Error(`${name}: ${arg}`);
    if (op === '-' && missing) return arg;
    return v ?? '';
  });
}

function dotEnv(file: string): Env {
  const out: Env = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** Every environment variable name the embed API reads (non-test sources of the Node runtime). */
function apiVariables(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = path.join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !/\.test\.ts$|[/\\]testing[/\\]|workers\.ts$/.test(p)) {
        const src = readFileSync(p, 'utf8');
        for (const m of src.matchAll(
          /\benv(?:\.|\[')([A-Z][A-Z0-9_]+)|\b(?:integer|int)\(env, '([A-Z][A-Z0-9_]+)'|\brequired\('([A-Z][A-Z0-9_]+)'\)/g,
        )) {
          names.add((m[1] ?? m[2] ?? m[3])!);
        }
      }
    }
  };
  walk(path.join(REPO, 'embed-api/src'));
  return names;
}

/** What a production deployment must have; empty when the config is production-shaped. */
function productionProblems(c: RuntimeConfig): string[] {
  const problems: string[] = [];
  if (c.app.env !== 'production') problems.push('MIQ_ENV must be production');
  if (c.databaseUrl === undefined) problems.push('DATABASE_URL: PostgreSQL, not the embedded PGlite');
  if (c.redisUrl === undefined) problems.push('REDIS_URL: shared cache, revocations, rate limits');
  if (c.warehouse.kind !== 'snowflake') problems.push('MIQ_WAREHOUSE must be snowflake');
  if (c.app.corsOrigins.length === 0 || c.app.corsOrigins.includes('*')) problems.push('MIQ_CORS_ORIGINS: a list');
  if (c.app.masterKey === undefined) problems.push('MIQ_MASTER_KEY: HS256 keys cannot verify without it');
  if (c.host !== '0.0.0.0') problems.push('HOST must be 0.0.0.0 in a container');
  if (c.demo) problems.push('MIQ_DEMO_SEED must be 0');
  if (!path.isAbsolute(c.semanticManifest)) problems.push('MIQ_SEMANTIC_MANIFEST must be an absolute path');
  return problems;
}

describe('infra/docker-compose.yml', () => {
  const compose = parseYaml(path.join(HERE, 'docker-compose.yml')) as {
    services: Record<string, { environment?: Record<string, unknown>; healthcheck?: unknown; depends_on?: unknown }>;
    secrets?: Record<string, unknown>;
  };
  const example = dotEnv(path.join(HERE, '.env.example'));

  it('has the production shape: api, postgres and redis, the api waiting for healthy stores', () => {
    assert.deepEqual(Object.keys(compose.services).sort(), ['api', 'postgres', 'redis']);
    assert.ok(compose.services.postgres!.healthcheck && compose.services.redis!.healthcheck);
    assert.deepEqual(compose.services.api!.depends_on, {
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    });
  });

  it('sets only variables the embed API reads', () => {
    const known = apiVariables();
    // the scan itself must find the loader's variables (else this test would pass vacuously)
    for (const v of ['DATABASE_URL', 'REDIS_URL', 'MIQ_CORS_ORIGINS', 'MIQ_CACHE', 'SNOWFLAKE_PRIVATE_KEY_FILE']) {
      assert.ok(known.has(v), `scan missed ${v}`);
    }
    const unknown = Object.keys(compose.services.api!.environment!).filter((k) => !known.has(k));
    assert.deepEqual(unknown, []);
  });

  it('with .env.example, passes the API config loader as a production configuration', () => {
    const used = new Set<string>();
    const env: Env = {};
    for (const [k, v] of Object.entries(compose.services.api!.environment!)) {
      assert.equal(typeof v, 'string', `${k} must be a string in YAML (quote numbers)`);
      env[k] = interpolate(v as string, example, used);
    }
    for (const name of used) assert.ok(name in example, `${name} is interpolated but missing from .env.example`);
    const config = loadRuntimeConfig(env);
    assert.deepEqual(productionProblems(config), []);
    assert.equal(config.warehouse.kind === 'snowflake' && 'file' in config.warehouse.privateKey, true);
    // the stores are the compose services, the database user and name those of the postgres service
    const pg = new URL(config.databaseUrl!);
    const pgEnv = compose.services.postgres!.environment!;
    assert.equal(pg.hostname, 'postgres');
    assert.equal(pg.username, pgEnv.POSTGRES_USER);
    assert.equal(pg.pathname, `/${pgEnv.POSTGRES_DB}`);
    assert.equal(new URL(config.redisUrl!).hostname, 'redis');
    // the Snowflake key file is the mounted secret
    assert.ok(compose.secrets?.snowflake_private_key);
    // control: the same check flags a development configuration
    assert.ok(productionProblems(loadRuntimeConfig({ MIQ_ENV: 'development' })).length >= 5);
  });

  it('refuses to interpolate without a required secret', () => {
    const { MIQ_MASTER_KEY: _omit, ...partial } = example;
    const api = compose.services.api!.environment!;
    assert.throws(() => interpolate(api.MIQ_MASTER_KEY as string, partial, new Set()), /MIQ_MASTER_KEY/);
  });
});

describe('infra/docker/Dockerfile', () => {
  const text = readFileSync(path.join(HERE, 'docker/Dockerfile'), 'utf8');
  const stages = [...text.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)];

  it('is multi-stage on Node 20, runs as a non-root user with a health check on /api/v1/health', () => {
    assert.match(text, /^ARG NODE_IMAGE=node:20[-.\w]*$/m);
    assert.ok(stages.length >= 2 && stages.every((s) => s[1] === '$' + '{NODE_IMAGE}'));
    const final = text.slice(text.lastIndexOf(stages.at(-1)![0]));
    const user = /^USER\s+(\S+)/m.exec(final)?.[1];
    assert.ok(user && user !== 'root' && user !== '0', `final stage user: ${user}`);
    assert.match(final, /^HEALTHCHECK[\s\S]*\/api\/v1\/health/m);
    assert.match(final, /^CMD .*server\.mjs/m);
    assert.doesNotMatch(final, /COPY (?!--from)/, 'the runtime stage copies only from earlier stages');
  });

  it('bundles with infra/docker/bundle.mjs, whose output starts in production mode and answers /api/v1/health', async () => {
    assert.match(text, /RUN node infra\/docker\/bundle\.mjs \/out\/server\.mjs/);
    const warehouse = path.resolve(REPO, process.env.MIQ_WAREHOUSE_DIR || 'data/test');
    // inside the repository so that packages resolve from its node_modules, as from /app/node_modules in the image
    const out = path.join(HERE, '.build/server.mjs');
    execFileSync(process.execPath, [path.join(HERE, 'docker/bundle.mjs'), out], { cwd: REPO });
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const tmp = mkdtempSync(path.join(tmpdir(), 'miq-infra-'));
    const { DATABASE_URL: _d, REDIS_URL: _r, ...base } = process.env;
    const child = spawn(process.execPath, [out], {
      cwd: tmp,
      env: {
        ...base,
        NODE_ENV: 'production',
        MIQ_ENV: 'production',
        MIQ_DEMO_SEED: '0',
        HOST: '127.0.0.1',
        PORT: String(port),
        MIQ_WAREHOUSE_DIR: warehouse,
        MIQ_PGLITE_DIR: path.join(tmp, 'pglite'),
        MIQ_CORS_ORIGINS: 'https://app.example.com',
        MIQ_INTERNAL_PORT: 'off',
        MIQ_DUCKDB_THREADS: '1',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    try {
      const deadline = Date.now() + 90_000;
      let health: { status: number; body: { status?: string } } | undefined;
      while (!health) {
        assert.equal(child.exitCode, null, `server.mjs exited: ${stderr.slice(-2000)}`);
        assert.ok(Date.now() < deadline, `no health answer: ${stderr.slice(-2000)}`);
        health = await fetch(`http://127.0.0.1:${port}/api/v1/health`).then(
          async (r) => ({ status: r.status, body: await r.json() }),
          () => undefined,
        );
        if (!health) await new Promise((r) => setTimeout(r, 250));
      }
      assert.equal(health.status, 200, JSON.stringify(health.body));
      assert.equal(health.body.status, 'ok');
      // production mode: a browser origin that is not listed gets no CORS grant
      const cors = await fetch(`http://127.0.0.1:${port}/api/v1/health`, { headers: { origin: 'https://evil.test' } });
      assert.notEqual(cors.headers.get('access-control-allow-origin'), 'https://evil.test');
      assert.notEqual(cors.headers.get('access-control-allow-origin'), '*');
    } finally {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
