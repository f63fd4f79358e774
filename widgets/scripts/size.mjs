// Builds the script-tag bundle and checks its gzip budgets (run by `npm test`):
//   Lit + every element, no charts (the SDK left out: it is another package with its own budget)  ≤ 25 KB
//   entry as served (Lit + SDK + every element, no charts)      ≤ 30 KB
//   chart runtime for precompiled Vega specs (vega + interpreter) ≤ 200 KB
//   chart payload for Vega-Lite specs (runtime + compiler)       < 297 KB (plain Lit + vega-embed, TOOLING.md)
// Usage: node scripts/size.mjs [--check] [--no-build]
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const args = new Set(process.argv.slice(2));
const root = new URL('..', import.meta.url).pathname;
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dir = join(root, 'dist', 'cdn', `v${version}`);
if (!args.has('--no-build')) {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  execFileSync('npx', ['rollup', '-c', 'rollup.config.mjs', '--silent'], { cwd: root, stdio: 'inherit' });
}
const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const chunks = readdirSync(join(dir, 'chunks')).filter((f) => f.endsWith('.js'));

/** A file and the chunks it imports statically (what the browser must fetch before it runs), as absolute paths. */
function closure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const m of code.matchAll(/(?:import|export)\s*(?:[^'"();]*?from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)) {
    closure(join(file, '..', m[1]), seen);
  }
  return seen;
}
const size = (files) => [...files].reduce((s, f) => s + gz(f), 0);
const entryFiles = closure(join(dir, 'miq-widgets.js'));
const lazy = (prefix) => {
  const file = chunks.find((f) => f.startsWith(prefix));
  if (!file) throw new Error(`no ${prefix} chunk`);
  return [...closure(join(dir, 'chunks', file))].filter((f) => !entryFiles.has(f));
};
const runtimeFiles = lazy('runtime-');
const compilerFiles = lazy('compile-').filter((f) => !runtimeFiles.includes(f));
const entry = size(entryFiles);
const runtime = size(runtimeFiles);
const compiler = size(compilerFiles);

// Lit + elements alone: the entry built with the SDK and the chart runtime external (rollup.config.mjs)
const { rollup } = await import('rollup');
const { elementsOnly } = await import(new URL('../rollup.config.mjs', import.meta.url).href);
process.chdir(root);
const bundle = await rollup(elementsOnly);
const { output } = await bundle.generate(elementsOnly.output);
await bundle.close();
const staticChunks = (name, seen = new Set()) => {
  if (seen.has(name)) return seen;
  seen.add(name);
  const chunk = output.find((o) => o.fileName === name);
  for (const imp of chunk?.imports ?? []) if (output.some((o) => o.fileName === imp)) staticChunks(imp, seen);
  return seen;
};
const entryChunk = output.find((o) => o.type === 'chunk' && o.isEntry);
const elementsOnlySize = [...staticChunks(entryChunk.fileName)].reduce(
  (s, name) => s + gzipSync(output.find((o) => o.fileName === name).code, { level: 9 }).length,
  0,
);

const rows = [
  ['Lit + elements, no charts (SDK left out)', elementsOnlySize, 25 * 1024],
  ['entry as served: Lit + SDK + elements (no charts)', entry, 30 * 1024],
  ['chart runtime (vega + interpreter), precompiled specs', runtime, 200 * 1024],
  ['chart payload for Vega-Lite specs (+ compiler)', runtime + compiler, 297 * 1024 - 1],
];
const allInOne = join(dir, 'miq-widgets.all.js');
console.log(`${`info all-in-one classic script (no budget)`.padEnd(62)}${kb(gz(allInOne)).padStart(9)} gzip`);
let failed = false;
for (const [name, size, budget] of rows) {
  const ok = size <= budget;
  failed ||= !ok;
  console.log(`${ok ? 'ok  ' : 'OVER'} ${name.padEnd(56)} ${kb(size).padStart(9)} gzip (budget ${kb(budget)})`);
}
if (failed && args.has('--check')) {
  console.error('Bundle budget exceeded.');
  process.exit(1);
}
