/**
 * Wiring of the cache and the refresh loop for the Node entry: reads its environment (below), builds the cache store
 * (LRU, or Redis with timeouts and a breaker), the cached semantic layer, the dashboard batch, the Fivetran webhook
 * with its DuckDB rebuilder, and the internal metrics listener on loopback.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `MIQ_CACHE` | `redis` when `REDIS_URL` is set, else `lru` | `lru`, `redis` or `off` |
 * | `MIQ_CACHE_MAX_BYTES` / `MIQ_CACHE_MAX_VALUE_BYTES` | 64 MiB / 1 MiB | LRU bound; largest cached value |
 * | `MIQ_CACHE_REDIS_TIMEOUT_MS` | 50 | per Redis command |
 * | `MIQ_CACHE_L1_MS` | 1000 | in-process L1 time to live (Redis: bumps reach it by pub/sub; `0` = off) |
 * | `MIQ_FIVETRAN_WEBHOOK_SECRET` | — | account webhook secret; with group secrets, enables the webhook route |
 * | `MIQ_FIVETRAN_GROUP_SECRETS` | — | `group_id=secret,group_id=secret` |
 * | `MIQ_INTERNAL_PORT` / `MIQ_INTERNAL_HOST` | 9464 / 127.0.0.1 | `/internal/metrics` listener (`0` = any free port, `off`) |
 * | `MIQ_INTERNAL_TOKEN` | — | bearer token required by `/internal/metrics` |
 */
import { serve } from '@hono/node-server';
import { Redis } from 'ioredis';
import { type CacheableSemantic, type CachedSemantic, createCachedSemantic } from '../cache/cached-semantic.js';
import { createLocalGenerationBus } from '../cache/generation-bus.js';
import { createLruStore } from '../cache/lru/lru-store.js';
import { createMetricsRegistry, type MetricsRegistry } from '../cache/metrics.js';
import { createRedisGenerationBus } from '../cache/redis/redis-generation-bus.js';
import { createRedisStore } from '../cache/redis/redis-store.js';
import { createResponseCache, type ResponseCache, type ResponseCacheOptions } from '../cache/response-cache.js';
import type { CacheStore } from '../cache/types.js';
import type { Logger } from '../logger.js';
import type { BatchDeps } from '../routes/dashboard-batch.js';
import { internalMetricsApp } from '../routes/internal-metrics.js';
import type { DuckDbWarehouse } from '../warehouse/duckdb/duckdb-warehouse.js';
import { createDbtRebuilder } from '../warehouse/duckdb/versioned-marts.js';
import type { Warehouse } from '../warehouse/types.js';
import type { FivetranSecrets } from './fivetran.js';
import type { RefreshDeps } from './index.js';
import { createRefresher } from './refresher.js';

type Env = Readonly<Record<string, string | undefined>>;

export class CacheConfigError extends Error {
  override readonly name = 'CacheConfigError';
}

function int(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new CacheConfigError(`${name} must be a whole number, got "${raw}"`);
  return Number(raw);
}

export function fivetranSecrets(env: Env): FivetranSecrets | undefined {
  const account = env.MIQ_FIVETRAN_WEBHOOK_SECRET || undefined;
  const groups: Record<string, string> = {};
  for (const pair of (env.MIQ_FIVETRAN_GROUP_SECRETS ?? '').split(',').filter((p) => p.trim() !== '')) {
    const at = pair.indexOf('=');
    if (at <= 0 || at === pair.length - 1) {
      throw new CacheConfigError('MIQ_FIVETRAN_GROUP_SECRETS must be group_id=secret pairs separated by commas');
    }
    groups[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  if (account === undefined && Object.keys(groups).length === 0) return undefined;
  return { account, groups };
}

export interface CacheRuntime {
  readonly semantic: CachedSemantic | CacheableSemantic;
  readonly batch?: BatchDeps;
  readonly refresh?: RefreshDeps;
  readonly cache?: ResponseCache;
  readonly metrics: MetricsRegistry;
  /** Where `/internal/metrics` listens, once started. */
  readonly internalUrl?: string;
  close(): Promise<void>;
}

export async function createCacheRuntime(o: {
  readonly env: Env;
  readonly layer: CacheableSemantic;
  readonly warehouse: Warehouse;
  readonly warehouseDir: string;
  readonly repoRoot: string;
  readonly redisUrl: string | undefined;
  readonly logger: Logger;
}): Promise<CacheRuntime> {
  const { env, logger } = o;
  const metrics = createMetricsRegistry();
  const mode = env.MIQ_CACHE || (o.redisUrl ? 'redis' : 'lru');
  if (!['lru', 'redis', 'off'].includes(mode)) throw new CacheConfigError('MIQ_CACHE must be lru, redis or off');
  const maxValueBytes = int(env, 'MIQ_CACHE_MAX_VALUE_BYTES', 1024 * 1024);
  let store: CacheStore | undefined;
  let breakerState: (() => string) | undefined;
  let l1: ResponseCacheOptions['l1'];
  let closeBus = async () => {};
  if (mode === 'lru') {
    store = createLruStore({ maxBytes: int(env, 'MIQ_CACHE_MAX_BYTES', 64 * 1024 * 1024), maxValueBytes });
    // Every bump of an in-process store happens here: the L1 hears it at once (it saves the store lookup per hit).
    const l1Ms = int(env, 'MIQ_CACHE_L1_MS', 1000);
    if (l1Ms > 0) l1 = { ttlMs: l1Ms, bus: createLocalGenerationBus() };
  }
  if (mode === 'redis') {
    if (!o.redisUrl) throw new CacheConfigError('MIQ_CACHE=redis needs REDIS_URL');
    const client = new Redis(o.redisUrl, {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      connectTimeout: 1000,
      // Reconnect forever, at most every 2 s: the breaker keeps requests off Redis meanwhile.
      retryStrategy: (times) => Math.min(times * 100, 2000),
    });
    client.on('error', (error) => logger.warn('cache redis error', { error: String(error) }));
    const redis = createRedisStore({
      client,
      timeoutMs: int(env, 'MIQ_CACHE_REDIS_TIMEOUT_MS', 50),
      maxValueBytes,
      breaker: {
        onChange: (from, to) => {
          metrics.inc('miq_cache_breaker_transitions_total', { from, to });
          logger.warn('cache breaker', { from, to });
        },
      },
    });
    breakerState = redis.breakerState;
    store = redis;
    const l1Ms = int(env, 'MIQ_CACHE_L1_MS', 1000);
    if (l1Ms > 0) {
      // Its own connection: a subscribed connection runs no other command.
      const subscriber = new Redis(o.redisUrl, { retryStrategy: (times) => Math.min(times * 100, 2000) });
      subscriber.on('error', (error) => logger.warn('cache bus redis error', { error: String(error) }));
      const bus = await createRedisGenerationBus(
        { publisher: client, subscriber },
        { onError: (error) => logger.warn('cache generation notice not published', { error: String(error) }) },
      );
      l1 = { ttlMs: l1Ms, bus };
      closeBus = async () => {
        await bus.close();
        subscriber.disconnect();
      };
    }
  }
  const cache = store
    ? createResponseCache({
        store,
        metrics,
        onError: (message, error) => logger.warn(message, { error: String(error) }),
        ...(l1 ? { l1 } : {}),
      })
    : undefined;
  const semantic = cache ? createCachedSemantic(o.layer, cache) : o.layer;

  let refresh: RefreshDeps | undefined;
  let closeRebuilder = async () => {};
  const secrets = fivetranSecrets(env);
  if (secrets && 'reattach' in o.warehouse) {
    const rebuild = createDbtRebuilder({
      dataDir: o.warehouseDir,
      repoRoot: o.repoRoot,
      warehouse: o.warehouse as DuckDbWarehouse,
      log: (m, f) => logger.info(m, f),
      // MIQ_REFRESH_INCREMENTAL=0: every rebuild is a full build (default: from a copy of the live marts).
      incremental: env.MIQ_REFRESH_INCREMENTAL !== '0',
    });
    const refresher = createRefresher({ rebuild, metrics, logger, ...(cache ? { cache } : {}) });
    refresh = { refresher, secrets, replayStore: store ?? createLruStore(), metrics };
    closeRebuilder = () => rebuild.close();
  } else if (secrets) {
    logger.warn('Fivetran webhook secrets set, but the refresh loop runs on the embedded DuckDB warehouse only');
  }

  let internalUrl: string | undefined;
  let closeInternal = async () => {};
  const internalPort = env.MIQ_INTERNAL_PORT ?? '9464';
  if (internalPort !== 'off') {
    const host = env.MIQ_INTERNAL_HOST || '127.0.0.1';
    const app = internalMetricsApp({
      metrics,
      ...(breakerState ? { breakerState } : {}),
      token: env.MIQ_INTERNAL_TOKEN || undefined,
    });
    const server = serve({ fetch: app.fetch, port: int(env, 'MIQ_INTERNAL_PORT', 9464), hostname: host });
    const listening = await new Promise<boolean>((resolve) => {
      server.once('listening', () => resolve(true));
      server.once('error', (error) => {
        // Another process holds the port (a second instance on one host): serve the API anyway.
        logger.warn('internal metrics listener not started', { error: String(error) });
        resolve(false);
      });
    });
    if (listening) {
      const address = server.address();
      internalUrl = `http://${host}:${typeof address === 'object' && address ? address.port : internalPort}`;
      closeInternal = () => new Promise((r) => server.close(() => r()));
      logger.info('internal metrics listening', { url: `${internalUrl}/internal/metrics` });
    }
  }

  return {
    semantic,
    ...(cache ? { cache, batch: { semantic: o.layer, cache } } : {}),
    ...(refresh ? { refresh } : {}),
    metrics,
    ...(internalUrl ? { internalUrl } : {}),
    async close() {
      await closeInternal();
      await closeBus();
      await closeRebuilder();
      await store?.close();
    },
  };
}
