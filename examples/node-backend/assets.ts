/**
 * Bundles the three example pages' browser code (plain page, React host, agency portal) with esbuild into one
 * directory, sharing chunks (Lit, the widgets, the SDK). A real host would build this once at deploy time or load the
 * widgets' CDN build; bundling at start keeps the example to one command.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The entry points, by output name. */
export const ENTRIES = {
  plain: path.join(EXAMPLES, 'node-backend/page.ts'),
  react: path.join(EXAMPLES, 'react-host/main.tsx'),
  agency: path.join(EXAMPLES, 'agency-portal/portal.ts'),
} as const;

/** Builds every entry; returns the output directory (`plain.js`, `react.js`, `agency.js` and shared chunks). */
export async function buildAssets(outDir = mkdtempSync(path.join(tmpdir(), 'miq-examples-'))): Promise<string> {
  const { build } = await import('esbuild');
  await build({
    entryPoints: ENTRIES,
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    jsx: 'automatic',
    conditions: ['browser', 'production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  return outDir;
}
