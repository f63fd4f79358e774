// Bundles the embed API's Node entry (embed-api/src/runtime/node.ts) into one ESM file with esbuild: the app's own
// TypeScript is compiled in, npm packages stay imports (resolved from node_modules at run time: the native DuckDB
// binding, snowflake-sdk, pg, ioredis...). Used by infra/docker/Dockerfile and by infra/infra.test.ts, so the test runs
// the exact file the image runs. Usage: node infra/docker/bundle.mjs <outfile>
import { resolve } from 'node:path';
import { build } from 'esbuild';

const repo = resolve(import.meta.dirname, '../..');
const outfile = resolve(process.argv[2] ?? 'server.mjs');

await build({
  entryPoints: [resolve(repo, 'embed-api/src/runtime/node.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});
process.stdout.write(`bundled ${outfile}\n`);
