/**
 * Caching: one store interface (`CacheStore`) with an in-process LRU (default) and Redis (shared) backend, the response
 * cache (tiers, generations, single flight, stale-while-revalidate, degradation), the cached semantic layer, and the
 * Prometheus registry behind `/internal/metrics`.
 */
export type { BreakerState, CircuitBreaker } from './breaker.js';
export { createCircuitBreaker } from './breaker.js';
export type { CacheableSemantic, CachedSemantic } from './cached-semantic.js';
export { createCachedSemantic, jsonCodec, withCacheMeta } from './cached-semantic.js';
export type { KeyInput, Tier, TierName } from './keys.js';
export { cacheDay, cacheKey, generationKey, REBUILD_GENERATIONS, savedViewGeneration, TIERS } from './keys.js';
export { createLruStore } from './lru/lru-store.js';
export type { MetricsRegistry } from './metrics.js';
export { createMetricsRegistry } from './metrics.js';
export type { RedisCommands } from './redis/redis-store.js';
export { createRedisStore } from './redis/redis-store.js';
export type { CacheRequest, CacheResult, CacheStatus, Codec, ResponseCache } from './response-cache.js';
export { createResponseCache } from './response-cache.js';
export { scopeKeyOf } from './scope.js';
export type { CacheStore } from './types.js';
export { CacheUnavailableError } from './types.js';
