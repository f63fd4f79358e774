/**
 * The refresh loop: Fivetran webhook → tenant → per-tenant queue → rebuild (dbt into a new marts version, swap) →
 * cache generations move on. Runtime-neutral; the DuckDB rebuild lives in `warehouse/duckdb/versioned-marts.ts`.
 */

import type { MetricsRegistry } from '../cache/metrics.js';
import type { CacheStore } from '../cache/types.js';
import type { FivetranSecrets } from './fivetran.js';
import type { Refresher } from './refresher.js';

export * from './fivetran.js';
export * from './refresher.js';
export * from './tenant-queue.js';

/** What `POST /api/v1/webhooks/fivetran` needs (AppDeps.refresh). */
export interface RefreshDeps {
  readonly refresher: Refresher;
  readonly secrets: FivetranSecrets;
  /** Where accepted deliveries are remembered (the shared cache store: replays are refused across instances too). */
  readonly replayStore: CacheStore;
  readonly metrics: MetricsRegistry;
  /** Oldest delivery accepted (default 25 h: Fivetran retries for up to 24 h). */
  readonly maxAgeMs?: number;
}
