/**
 * Redis cache store (production, shared by every instance). Every command is bounded by a timeout and goes through a
 * circuit breaker, so a slow or dead Redis costs at most one timeout per `failureThreshold` calls, then nothing until
 * a probe succeeds. Entries carry `PX` TTLs and counters none: run Redis with `maxmemory-policy volatile-lru` so only
 * entries are ever evicted. The client is injected (ioredis in Node) to keep this module runtime-neutral.
 */
import { type BreakerOptions, type BreakerState, type CircuitBreaker, createCircuitBreaker } from '../breaker.js';
import { type CacheStore, CacheUnavailableError, utf8Bytes } from '../types.js';

/** The ioredis commands the store uses. */
export interface RedisCommands {
  mget(...keys: string[]): Promise<(string | null)[]>;
  set(key: string, value: string, px: 'PX', ttl: number): Promise<unknown>;
  set(key: string, value: string, px: 'PX', ttl: number, nx: 'NX'): Promise<unknown>;
  del(key: string): Promise<number>;
  incr(key: string): Promise<number>;
  quit(): Promise<unknown>;
}

export interface RedisStoreOptions {
  readonly client: RedisCommands;
  /** Per-command time limit (default 50 ms): a cache that answers slower than the warehouse is useless. */
  readonly timeoutMs?: number;
  readonly maxValueBytes?: number;
  /** Prefix of every key (default `miq:`), so several deployments can share one Redis. */
  readonly prefix?: string;
  readonly breaker?: BreakerOptions;
}

export function createRedisStore(
  o: RedisStoreOptions,
): CacheStore & { readonly breaker: CircuitBreaker; readonly breakerState: () => BreakerState } {
  const timeoutMs = o.timeoutMs ?? 50;
  const maxValueBytes = o.maxValueBytes ?? 1024 * 1024;
  const prefix = o.prefix ?? 'miq:';
  const breaker = createCircuitBreaker(o.breaker);
  const client = o.client;

  function guarded<T>(what: string, call: () => Promise<T>): Promise<T> {
    return breaker.run(
      () =>
        new Promise<T>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new CacheUnavailableError(`redis ${what} timed out after ${timeoutMs} ms`)),
            timeoutMs,
          );
          call().then(
            (v) => {
              clearTimeout(timer);
              resolve(v);
            },
            (e: unknown) => {
              clearTimeout(timer);
              reject(new CacheUnavailableError(`redis ${what} failed: ${(e as Error)?.message ?? String(e)}`));
            },
          );
        }),
      () => new CacheUnavailableError('redis circuit breaker open'),
    );
  }

  return {
    kind: 'redis',
    breaker,
    breakerState: () => breaker.state(),
    async getMany(keys) {
      if (keys.length === 0) return [];
      const values = await guarded('mget', () => client.mget(...keys.map((k) => prefix + k)));
      return values.map((v) => (v === null ? undefined : v));
    },
    async set(key, value, ttlMs) {
      if (utf8Bytes(value) + utf8Bytes(key) > maxValueBytes || ttlMs <= 0) return false;
      await guarded('set', () => client.set(prefix + key, value, 'PX', Math.ceil(ttlMs)));
      return true;
    },
    async add(key, value, ttlMs) {
      if (utf8Bytes(value) + utf8Bytes(key) > maxValueBytes || ttlMs <= 0) return false;
      const r = await guarded('set nx', () => client.set(prefix + key, value, 'PX', Math.ceil(ttlMs), 'NX'));
      return r === 'OK';
    },
    async delete(key) {
      await guarded('del', () => client.del(prefix + key));
    },
    async incr(key) {
      return guarded('incr', () => client.incr(prefix + key));
    },
    async close() {
      await client.quit().catch(() => undefined);
    },
  };
}
