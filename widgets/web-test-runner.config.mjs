// Runs the widget tests in Debian's Chromium (never a downloaded browser).
// A middleware serves `*.csp.html` test pages with a strict Content-Security-Policy.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { build } from 'esbuild';

const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'";

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  rootDir: '..',
  files: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  concurrency: 1,
  testsFinishTimeout: 180000,
  testFramework: { config: { timeout: 20000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: [
          '--headless=new',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-quic',
        ],
      },
    }),
  ],
  plugins: [
    realEmbedApi(),
    reactAsEsm(),
    esbuildPlugin({ ts: true, tsx: true, jsx: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
  ],
  middleware: [
    function strictCsp(context, next) {
      if (context.url.includes('csp=strict')) {
        return next().then(() => {
          context.set('Content-Security-Policy', STRICT_CSP);
        });
      }
      return next();
    },
  ],
};

/**
 * React ships CommonJS only. For the React host-page test, serve React, its JSX runtime and react-dom/client as one
 * ES module bundled by esbuild (one React instance), and resolve the three specifiers to it.
 */
function reactAsEsm() {
  const path = '/__react-esm.js';
  const specifiers = new Set(['react', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'react-dom/client']);
  let code;
  return {
    name: 'react-as-esm',
    resolveImport({ source }) {
      if (specifiers.has(source)) return path;
    },
    async serve(context) {
      if (context.path !== path) return;
      code ??= (
        await build({
          stdin: {
            contents: `
              import * as React from 'react';
              import * as Jsx from 'react/jsx-runtime';
              import * as Client from 'react-dom/client';
              export default React;
              export const { createElement, useState, useEffect, useRef, StrictMode } = React;
              export const { jsx, jsxs, Fragment } = Jsx;
              export const jsxDEV = Jsx.jsx;
              export const { createRoot } = Client;`,
            resolveDir: process.cwd(),
          },
          bundle: true,
          format: 'esm',
          write: false,
          define: { 'process.env.NODE_ENV': '"production"' },
        })
      ).outputFiles[0].text;
      return { body: code, type: 'js' };
    },
  };
}

/**
 * The real embed API for `real-api.test.ts`, started on first use over the test warehouse (`MIQ_WAREHOUSE_DIR`, which
 * `make test` builds and exports; default `data/test`). Commands:
 *   `miq-real-api` → `{ baseUrl, token, tenant }` (a demo tenant token minted from the seeded demo partner key), or
 *                    `{ error }` naming what is missing;
 *   `miq-raw-sql` `{ sql }` → rows of plain SQL over that tenant's raw Fivetran tables (the independent expectation).
 */
function realEmbedApi() {
  const repo = resolve(import.meta.dirname, '..');
  const dir = resolve(repo, process.env.MIQ_WAREHOUSE_DIR || 'data/test');
  let started;
  let child;
  const freePort = () =>
    new Promise((ok, fail) => {
      const srv = createServer();
      srv.once('error', fail);
      srv.listen(0, '127.0.0.1', () => {
        const { port } = srv.address();
        srv.close(() => ok(port));
      });
    });
  async function start() {
    if (!existsSync(join(dir, 'semantic_manifest.json'))) {
      return {
        error: `No test warehouse at ${dir}: run \`scripts/warehouse.sh test 0.02\` and export MIQ_WAREHOUSE_DIR=$PWD/data/test (make test does both).`,
      };
    }
    const tmp = mkdtempSync(join(tmpdir(), 'miq-widgets-api-'));
    const port = await freePort();
    const partnerFile = join(tmp, 'partner.json');
    child = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/node.ts'], {
      cwd: join(repo, 'embed-api'),
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        MIQ_ENV: 'test',
        MIQ_DEMO_SEED: '1',
        MIQ_DEMO_PARTNER_FILE: partnerFile,
        MIQ_PGLITE_DIR: join(tmp, 'pglite'),
        MIQ_WAREHOUSE_DIR: dir,
        MIQ_CORS_ORIGINS: '*',
        MIQ_DUCKDB_THREADS: '1',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 240; i++) {
      if (child.exitCode !== null) return { error: `embed API exited: ${stderr.slice(-2000)}` };
      // any answer means the server is up (health may be 503 when a tenant of tenants.json is not in this warehouse)
      const ok = await fetch(`${baseUrl}/api/v1/health`).then(
        () => true,
        () => false,
      );
      if (ok && existsSync(partnerFile)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const partner = JSON.parse(readFileSync(partnerFile, 'utf8'));
    const tenant = partner.tenants.find((t) => existsSync(join(dir, t, 'marts.duckdb')));
    const { SignJWT, importJWK } = await import('jose');
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ tenant, dashboards: ['*'] })
      .setProtectedHeader({ alg: partner.alg, kid: partner.kid, typ: 'miq-embed+jwt' })
      .setIssuer(partner.partnerId)
      .setAudience('marketing-iq')
      .setSubject('widgets-test')
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 1800)
      .setJti(crypto.randomUUID())
      .sign(await importJWK(partner.privateJwk, partner.alg));
    return { baseUrl, token, tenant };
  }
  async function rawSql(tenant, sql) {
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
  return {
    name: 'miq-real-embed-api',
    async executeCommand({ command, payload }) {
      if (command === 'miq-real-api') {
        started ??= start();
        return started;
      }
      if (command === 'miq-raw-sql') {
        started ??= start();
        const api = await started;
        if (api.error) return api;
        return { rows: await rawSql(api.tenant, payload.sql) };
      }
      return undefined;
    },
    serverStop() {
      child?.kill('SIGTERM');
    },
  };
}
