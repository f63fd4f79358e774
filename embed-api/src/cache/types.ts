/**
 * The cache's storage contract, implemented in-process (`lru/`) and on Redis (`redis/`); both run one shared suite
 * (`cache.case.test.ts`). Values are strings; TTLs are milliseconds. A backend that cannot answer (Redis down, slow,
 * breaker open) throws `CacheUnavailableError`; the response cache then answers from the warehouse.
 */
export interface CacheStore {
  readonly kind: 'lru' | 'redis';
  /** Values of `keys` in order; `undefined` for a missing or expired key. */
  getMany(keys: readonly string[]): Promise<(string | undefined)[]>;
  /** Stores `value` for `ttlMs`. A value above the backend's `maxValueBytes` is not stored (returns false). */
  set(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Stores only when the key is absent (locks, replay marks); true when this call stored it. */
  add(key: string, value: string, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Atomically increments an integer counter that never expires and is never evicted (generations). */
  incr(key: string): Promise<number>;
  close(): Promise<void>;
}

/** The backend did not answer in time, is down, or its circuit breaker is open. */
export class CacheUnavailableError extends Error {
  override readonly name = 'CacheUnavailableError';
}

/** UTF-8 byte length without Node's Buffer (the cache is runtime-neutral). */
export function utf8Bytes(s: string): number {
  let bytes = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      if (c < 0x800) bytes += 1;
      else if (c >= 0xd800 && c <= 0xdbff) {
        bytes += 2;
        i++;
      } else bytes += 2;
    }
  }
  return bytes;
}
