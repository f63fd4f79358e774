/** Compile-time benchmark (not a test): `npx tsx src/semantic/testing/compile-bench.ts` from embed-api/. */

import { createSemanticLayer } from '../semantic-layer.js';
import { EXAMPLE_NOW, EXAMPLE_SCOPE, EXAMPLES } from './examples.js';
import { fixtureCatalog } from './fixture-catalog.js';

const c = fixtureCatalog();
const layer = createSemanticLayer({
  catalog: c,
  warehouse: { dialect: 'duckdb', execute: async () => [], close: async () => {} },
});
const res: Record<string, number> = {};
for (let round = 0; round < 5; round++)
  for (const [name, b] of Object.entries(EXAMPLES)) {
    for (let i = 0; i < 200; i++) layer.compile(b, EXAMPLE_SCOPE, { now: EXAMPLE_NOW });
    const n = 1000;
    const t = performance.now();
    for (let i = 0; i < n; i++) layer.compile(b, EXAMPLE_SCOPE, { now: EXAMPLE_NOW });
    const v = ((performance.now() - t) / n) * 1000;
    res[name] = Math.min(res[name] ?? Infinity, v);
  }
const vals = Object.values(res).sort((a, b) => a - b);
console.log(
  Object.entries(res)
    .map(([k, v]) => `${k} ${v.toFixed(0)}`)
    .join(', '),
);
console.log('median of best-of-5 µs', (vals[Math.floor(vals.length / 2)] ?? 0).toFixed(0));
