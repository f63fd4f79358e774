/**
 * The refresh loop's core: a finished sync (or an operator) triggers a tenant's rebuild through the per-tenant queue;
 * when the marts are rebuilt and the warehouse serves the new version, the tenant's metrics, dashboard and
 * filter-option generations move on, so the next request misses and reads the new data. Other tenants' entries stay.
 */
import { REBUILD_GENERATIONS } from '../cache/keys.js';
import type { MetricsRegistry } from '../cache/metrics.js';
import type { ResponseCache } from '../cache/response-cache.js';
import type { Logger } from '../logger.js';
import { createTenantQueue, type TenantQueue } from './tenant-queue.js';

export interface RefreshTenant {
  readonly id: string;
  readonly warehouseLocation: string;
}

export interface Refresher {
  /** Queues a rebuild of the tenant (coalesced with one already waiting); resolves when that rebuild finished. */
  trigger(tenant: RefreshTenant, reason: string): Promise<void>;
  readonly queue: TenantQueue;
}

export interface RefresherOptions {
  /** Rebuilds the marts of a warehouse location and makes the warehouse serve them (dbt, swap). */
  readonly rebuild: (location: string) => Promise<unknown>;
  readonly cache?: ResponseCache;
  readonly metrics: MetricsRegistry;
  readonly logger: Logger;
  /** dbt runs of different tenants at once (default 1: dbt is CPU-bound). */
  readonly concurrency?: number;
}

export function createRefresher(o: RefresherOptions): Refresher {
  const tenants = new Map<string, RefreshTenant>();
  const queue = createTenantQueue(
    async (tenantId) => {
      const tenant = tenants.get(tenantId);
      if (!tenant) return;
      const t0 = performance.now();
      try {
        await o.rebuild(tenant.warehouseLocation);
      } catch (error) {
        o.metrics.inc('miq_dbt_runs_total', { outcome: 'failed' });
        o.metrics.observe('miq_dbt_run_seconds', { outcome: 'failed' }, (performance.now() - t0) / 1000);
        o.logger.error('tenant rebuild failed; the previous marts version stays live', {
          tenant: tenantId,
          error: (error as Error).message,
        });
        throw error;
      }
      o.metrics.inc('miq_dbt_runs_total', { outcome: 'succeeded' });
      o.metrics.observe('miq_dbt_run_seconds', { outcome: 'succeeded' }, (performance.now() - t0) / 1000);
      await o.cache?.bumpTenant(tenantId, REBUILD_GENERATIONS);
      o.logger.info('tenant rebuilt, cache generations moved on', {
        tenant: tenantId,
        seconds: Math.round(performance.now() - t0) / 1000,
      });
    },
    { concurrency: o.concurrency ?? 1 },
  );
  return {
    queue,
    trigger(tenant, reason) {
      tenants.set(tenant.id, tenant);
      o.logger.info('tenant rebuild queued', { tenant: tenant.id, reason });
      return queue.enqueue(tenant.id);
    },
  };
}
