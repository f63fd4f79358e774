/**
 * In-process cache store (the embedded default): an LRU bounded by bytes (UTF-8 of key + value). Counters
 * (generations) live apart from the LRU and are never evicted: evicting one would reset a tenant's generation and
 * could revive entries written before a rebuild.
 */
import { type CacheStore, utf8Bytes } from '../types.js';

export interface LruStoreOptions {
  /** Bound on the bytes held by entries (default 64 MiB). */
  readonly maxBytes?: number;
  /** Largest value stored; a larger one is served by the caller but not cached (default 1 MiB). */
  readonly maxValueBytes?: number;
  readonly clock?: () => number;
}

interface Entry {
  readonly value: string;
  readonly expiresAt: number;
  readonly bytes: number;
}

export function createLruStore(o: LruStoreOptions = {}): CacheStore & { readonly bytes: () => number } {
  const maxBytes = o.maxBytes ?? 64 * 1024 * 1024;
  const maxValueBytes = Math.min(o.maxValueBytes ?? 1024 * 1024, maxBytes);
  const now = o.clock ?? Date.now;
  const entries = new Map<string, Entry>();
  const counters = new Map<string, number>();
  let bytes = 0;

  function remove(key: string): void {
    const e = entries.get(key);
    if (e) {
      entries.delete(key);
      bytes -= e.bytes;
    }
  }
  function live(key: string): Entry | undefined {
    const e = entries.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= now()) {
      remove(key);
      return undefined;
    }
    return e;
  }
  function put(key: string, value: string, ttlMs: number): boolean {
    const size = utf8Bytes(value) + utf8Bytes(key);
    remove(key);
    if (size > maxValueBytes || ttlMs <= 0) return false;
    entries.set(key, { value, expiresAt: now() + ttlMs, bytes: size });
    bytes += size;
    // Map iteration order is insertion order: the first key is the least recently used.
    for (const k of entries.keys()) {
      if (bytes <= maxBytes) break;
      remove(k);
    }
    return true;
  }

  return {
    kind: 'lru',
    bytes: () => bytes,
    async getMany(keys) {
      return keys.map((key) => {
        const counter = counters.get(key);
        if (counter !== undefined) return String(counter);
        const e = live(key);
        if (!e) return undefined;
        // Touch: move to the most recently used end.
        entries.delete(key);
        entries.set(key, e);
        return e.value;
      });
    },
    async set(key, value, ttlMs) {
      return put(key, value, ttlMs);
    },
    async add(key, value, ttlMs) {
      if (live(key)) return false;
      return put(key, value, ttlMs);
    },
    async delete(key) {
      remove(key);
      counters.delete(key);
    },
    async incr(key) {
      const n = (counters.get(key) ?? 0) + 1;
      counters.set(key, n);
      return n;
    },
    async close() {
      entries.clear();
      counters.clear();
      bytes = 0;
    },
  };
}
