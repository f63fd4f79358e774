/** The Node entry as a real process: refuses to start on bad input, serves the demo, shuts down cleanly. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'miq-node-entry-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exited: Promise<number | null>;
}

function start(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], {
    cwd: PACKAGE_DIR,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', MIQ_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  child.stdout?.on('data', (d: Buffer) => {
    run.stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    run.stderr += d.toString();
  });
  return run;
}

// Generous: on a loaded shared machine a cold start (tsx, DuckDB, PGlite) has taken over 30 s.
async function waitFor(run: Run, pattern: RegExp, timeoutMs = 100_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = run.stdout.match(pattern);
    if (match) return match;
    if (run.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`no ${pattern} in output.\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('runtime/node.ts', () => {
  it('refuses to start without a semantic manifest, saying where it looked and what to run', async () => {
    const run = start({ MIQ_WAREHOUSE_DIR: join(scratch, 'nowhere'), MIQ_PGLITE_DIR: join(scratch, 'pg-a') });
    expect(await run.exited).toBe(1);
    expect(run.stderr).toContain(
      `Semantic manifest not found at ${join(scratch, 'nowhere', 'semantic_manifest.json')}`,
    );
    expect(run.stderr).toContain('make demo');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('refuses an invalid manifest and invalid configuration with a clear message', async () => {
    const bad = join(scratch, 'bad-warehouse');
    rmSync(bad, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(bad, { recursive: true }));
    writeFileSync(join(bad, 'semantic_manifest.json'), '{"semantic_models": "nope"}');
    const invalid = start({ MIQ_WAREHOUSE_DIR: bad, MIQ_PGLITE_DIR: join(scratch, 'pg-b') });
    expect(await invalid.exited).toBe(1);
    expect(invalid.stderr).toContain('is not usable');

    const port = start({ PORT: 'eighty', MIQ_WAREHOUSE_DIR: bad });
    expect(await port.exited).toBe(1);
    expect(port.stderr).toContain('PORT must be a whole number');
  }, 90_000);

  it('serves the seeded demo over HTTP with the printed token, then shuts down on SIGINT', async () => {
    const warehouseDir = process.env.MIQ_WAREHOUSE_DIR;
    if (!warehouseDir || !existsSync(join(warehouseDir, 'semantic_manifest.json'))) {
      throw new Error('MIQ_WAREHOUSE_DIR must point at the built test warehouse (make test builds data/test).');
    }
    const partnerFile = join(scratch, 'demo-partner.json');
    const run = start({
      PORT: '0',
      MIQ_WAREHOUSE_DIR: warehouseDir,
      MIQ_DEMO_SEED: '1',
      MIQ_PGLITE_DIR: join(scratch, 'pg-demo'),
      MIQ_DEMO_PARTNER_FILE: partnerFile,
      MIQ_DUCKDB_MEMORY_LIMIT: '256MB',
      MIQ_DUCKDB_THREADS: '1',
    });
    try {
      const [, url] = await waitFor(run, /"message":"embed API listening","url":"(http:\/\/127\.0\.0\.1:\d+)"/);
      const [, token] = await waitFor(run, /\n(eyJ[\w-]+\.[\w-]+\.[\w-]+)\n/);
      expect(run.stdout).toContain(`curl -s ${url}/api/v1/metrics`);

      const file = JSON.parse(readFileSync(partnerFile, 'utf8'));
      expect(file).toMatchObject({
        partnerId: 'demo-partner',
        alg: 'EdDSA',
        tenants: expect.arrayContaining(['rare-seeds']),
      });
      expect(file.privateJwk.d).toBeTruthy();
      expect(statSync(partnerFile).mode & 0o777).toBe(0o600);

      const health = await fetch(`${url}/api/v1/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ checks: { appDb: { status: 'ok' }, warehouse: { status: 'ok' } } });

      const res = await fetch(`${url}/api/v1/metrics`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ measures: ['ads.clicks'] }),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { rows: unknown[] }).rows).toHaveLength(1);

      const unauthenticated = await fetch(`${url}/api/v1/schema`);
      expect(unauthenticated.status).toBe(401);
    } finally {
      run.child.kill('SIGINT');
    }
    expect(await run.exited).toBe(0);
    expect(run.stdout).toContain('"message":"shutting down"');
  }, 150_000);
});
