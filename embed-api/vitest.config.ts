import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // PGlite takes ~2 s to start and the end-to-end tests open DuckDB and spawn the Node entry; on a loaded 2-core
    // machine that has taken 10x longer than when idle; `make test` runs three suites at once on two cores.
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
