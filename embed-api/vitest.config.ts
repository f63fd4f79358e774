import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // PGlite takes ~2 s to start and the end-to-end tests open DuckDB and spawn the Node entry; on a loaded 2-core
    // machine that has taken 10x longer than when idle.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
