// Runs the widget tests in Debian's Chromium (never a downloaded browser).
// A middleware serves any URL with `csp=strict` in its query with a strict Content-Security-Policy (csp.test.ts).

import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { build } from 'esbuild';
import { startRealApi } from './scripts/real-api.mjs';

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
 * The real embed API for `real-api.test.ts`, started on first use (scripts/real-api.mjs). Commands:
 *   `miq-real-api` → `{ baseUrl, token, tenant }` or `{ error }` naming what is missing;
 *   `miq-real-tenant` `{ tenant? }` → `{ baseUrl, tenant, token, currency }` (default: a non-USD tenant; the currency
 *   from the generator's manifest);
 *   `miq-real-tenant` also takes `{ subject }`: the token's end user (`sub`; default `widgets-test`);
 *   `miq-real-admin` `{ method, path, body? }` → `{ status, body }` of the partner admin API (`/api/v1` + path);
 *   `miq-raw-sql` `{ sql }` → rows of plain SQL over that tenant's raw Fivetran tables (the independent expectation).
 */
function realEmbedApi() {
  let started;
  let api;
  const start = async () => {
    api = await startRealApi();
    return api.error ? { error: api.error } : { baseUrl: api.baseUrl, token: api.token, tenant: api.tenant };
  };
  return {
    name: 'miq-real-embed-api',
    async executeCommand({ command, payload }) {
      if (command === 'miq-real-api') {
        started ??= start();
        return started;
      }
      if (command === 'miq-real-tenant') {
        // a token for another tenant of the warehouse: by default the first whose currency is not USD, so a test can
        // tell the tenant's currency from a USD default
        started ??= start();
        const info = await started;
        if (info.error) return info;
        const tenant =
          payload?.tenant ?? api.tenants.find((t) => api.currencyOf(t) && api.currencyOf(t) !== 'USD') ?? api.tenant;
        return {
          baseUrl: api.baseUrl,
          tenant,
          token: await api.mint(tenant, payload?.subject),
          currency: api.currencyOf(tenant),
        };
      }
      if (command === 'miq-real-admin') {
        started ??= start();
        const info = await started;
        if (info.error) return info;
        return api.admin(payload.method, payload.path, payload.body);
      }
      if (command === 'miq-raw-sql') {
        started ??= start();
        const info = await started;
        if (info.error) return info;
        return { rows: await api.rawSql(payload.sql) };
      }
      return undefined;
    },
    serverStop() {
      api?.stop();
    },
  };
}
