/**
 * The demo page for `make demo` (demo mode only): bundles `examples/demo/demo.ts` with esbuild at start-up and serves
 * it under `/demo/`, with `GET /demo/tokens` minting one 1-hour token per demo tenant from the demo partner's key
 * (a convenience of the demo: never mounted outside demo mode).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importJWK } from 'jose';
import { mintTenantToken } from '../../embed-api/src/auth/index.js';
import type { DemoPartnerFile } from '../../embed-api/src/demo/index.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

export async function demoSite(
  demo: DemoPartnerFile,
  warehouseDir: string,
): Promise<(req: Request) => Promise<Response> | undefined> {
  const { build } = await import('esbuild');
  const out = mkdtempSync(path.join(tmpdir(), 'miq-demo-site-'));
  await build({
    entryPoints: [path.join(HERE, 'demo.ts')],
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    conditions: ['browser', 'production'],
    logLevel: 'warning',
  });
  const tenants = demo.tenants.filter((t) => existsSync(path.join(warehouseDir, t, 'marts.duckdb')));
  const key = await importJWK(demo.privateJwk, demo.alg);
  return (req) => {
    const url = new URL(req.url);
    if (url.pathname === '/demo' || url.pathname === '/demo/' || url.pathname === '/') {
      return Promise.resolve(Response.redirect(new URL('/demo/index.html', url), 302));
    }
    if (!url.pathname.startsWith('/demo/')) return undefined;
    const name = url.pathname.slice('/demo/'.length);
    if (name === 'tokens') {
      return (async () => {
        const tokens: Record<string, string> = {};
        for (const tenant of tenants) {
          tokens[tenant] = await mintTenantToken({
            partnerId: demo.partnerId,
            kid: demo.kid,
            alg: demo.alg,
            key,
            claims: { sub: 'demo-user', tenant, dashboards: ['*'] },
            lifetimeSeconds: 3600,
          });
        }
        return Response.json({ tokens }, { headers: { 'cache-control': 'no-store' } });
      })();
    }
    if (!/^[a-zA-Z0-9._-]+$/.test(name)) return Promise.resolve(new Response('Not found', { status: 404 }));
    const file = ['index.html', 'demo.css'].includes(name) ? path.join(HERE, name) : path.join(out, name);
    if (!existsSync(file)) return Promise.resolve(new Response('Not found', { status: 404 }));
    return Promise.resolve(
      new Response(readFileSync(file), {
        headers: { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' },
      }),
    );
  };
}
