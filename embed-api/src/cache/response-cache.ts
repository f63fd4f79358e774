/**
 * The response cache over a `CacheStore`: per-tenant generations (O(1) invalidation: one INCR, no key scans), single
 * flight (in-process, plus a short lock in the shared store across instances), stale-while-revalidate within one
 * generation only, and graceful degradation: a backend that fails is skipped and answers come from the warehouse.
 *
 * Entry format: `<generations>|<createdAtMs>|<freshUntilMs>\n<value>`. An entry whose recorded generations differ from
 * the tenant's current ones is never served: a rebuild makes every older entry a miss at once.
 */
import { cacheKey, generationKey, type KeyInput, REBUILD_GENERATIONS, savedViewGeneration, TIERS } from './keys.js';
import type { MetricsRegistry } from './metrics.js';
import { type CacheStore, CacheUnavailableError } from './types.js';

export type CacheStatus = 'hit' | 'stale' | 'miss' | 'bypass';

export interface CacheResult<T> {
  readonly value: T;
  readonly status: CacheStatus;
  /** Age of the data served, in milliseconds (0 for a fresh computation). */
  readonly ageMs: number;
}

export interface CacheRequest extends KeyInput {
  /** Further generations of this tenant the entry depends on (e.g. a user's saved views). */
  readonly extraGenerations?: readonly string[];
}

/**
 * The caller's abort signal, or a function that makes it: a hit never needs one, and on `@hono/node-server` reading
 * `c.req.raw.signal` creates an `AbortController` per request, so routes pass `() => c.req.raw.signal`.
 */
export type SignalSource = AbortSignal | (() => AbortSignal);

const signalOf = (s: SignalSource | undefined): AbortSignal | undefined => (typeof s === 'function' ? s() : s);

export interface Codec<T> {
  encode(value: T): string;
  decode(text: string): T;
}

export interface ResponseCache {
  readonly store: CacheStore;
  through<T>(
    req: CacheRequest,
    compute: (signal: AbortSignal) => Promise<T>,
    codec: Codec<T>,
    options?: { signal?: SignalSource; now?: Date },
  ): Promise<CacheResult<T>>;
  /** Moves the tenant's generations on (default: metrics, dashboard and filter options — a marts rebuild). */
  bumpTenant(tenantId: string, names?: readonly string[]): Promise<void>;
  /** A user saved a filter: only that user's saved views miss from now on. */
  invalidateSavedView(tenantId: string, userId: string): Promise<void>;
  /** Waits for background revalidations and retried bumps (tests, shutdown). */
  settle(): Promise<void>;
}

export interface ResponseCacheOptions {
  readonly store: CacheStore;
  readonly metrics: MetricsRegistry;
  readonly clock?: () => Date;
  /** Cross-instance lock: how long a lock lives, how long others wait for its result before computing themselves. */
  readonly lockMs?: number;
  readonly lockPollMs?: number;
  readonly onError?: (message: string, error: unknown) => void;
}

interface Decoded {
  readonly gens: string;
  readonly createdAt: number;
  readonly freshUntil: number;
  readonly body: string;
}

function decodeEntry(text: string | undefined): Decoded | undefined {
  if (text === undefined) return undefined;
  const nl = text.indexOf('\n');
  if (nl < 0) return undefined;
  const [gens, created, fresh] = text.slice(0, nl).split('|');
  if (gens === undefined || created === undefined || fresh === undefined) return undefined;
  return { gens, createdAt: Number(created), freshUntil: Number(fresh), body: text.slice(nl + 1) };
}

export function createResponseCache(o: ResponseCacheOptions): ResponseCache {
  const { store, metrics } = o;
  const clock = o.clock ?? (() => new Date());
  const lockMs = o.lockMs ?? 5000;
  const lockPollMs = o.lockPollMs ?? 20;
  const inflight = new Map<string, Flight<unknown>>();
  const background = new Set<Promise<unknown>>();
  /** Generation bumps the store refused (down): retried before the tenant is cached again. */
  const pendingBumps = new Map<string, Set<string>>();
  const report = o.onError ?? (() => undefined);

  function backendFailed(what: string, error: unknown): void {
    metrics.inc('miq_cache_backend_errors_total', { backend: store.kind, op: what });
    report(`cache ${what} failed`, error);
  }

  async function retryPendingBumps(tenantId: string): Promise<boolean> {
    const names = pendingBumps.get(tenantId);
    if (!names) return true;
    try {
      for (const name of [...names]) {
        await store.incr(generationKey(tenantId, name));
        names.delete(name);
      }
      pendingBumps.delete(tenantId);
      return true;
    } catch (e) {
      backendFailed('incr', e);
      return false;
    }
  }

  interface Flight<T> {
    readonly promise: Promise<{ value: T; fromOtherInstance?: Decoded }>;
    readonly controller: AbortController;
    waiters: number;
  }

  /** One computation per key in this process; the computation is aborted only when every waiter has gone. */
  function join<T>(
    key: string,
    run: (signal: AbortSignal) => Promise<{ value: T; fromOtherInstance?: Decoded }>,
    signal: AbortSignal | undefined,
  ): Promise<{ value: T; fromOtherInstance?: Decoded }> {
    let flight = inflight.get(key) as Flight<T> | undefined;
    if (!flight) {
      const controller = new AbortController();
      const promise = run(controller.signal).finally(() => inflight.delete(key));
      flight = { promise, controller, waiters: 0 };
      inflight.set(key, flight as Flight<unknown>);
    }
    const f = flight;
    if (!signal) {
      f.waiters++;
      return f.promise;
    }
    f.waiters++;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        f.waiters--;
        if (f.waiters <= 0) f.controller.abort();
        reject(signal.reason ?? new Error('aborted'));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      f.promise.then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(e);
        },
      );
    });
  }

  async function timedCompute<T>(compute: (signal: AbortSignal) => Promise<T>, signal: AbortSignal, tier: string) {
    const t0 = performance.now();
    metrics.inc('miq_warehouse_queries_total', { tier });
    try {
      return await compute(signal);
    } finally {
      metrics.observe('miq_warehouse_query_seconds', { tier }, (performance.now() - t0) / 1000);
    }
  }

  async function through<T>(
    req: CacheRequest,
    compute: (signal: AbortSignal) => Promise<T>,
    codec: Codec<T>,
    options: { signal?: SignalSource; now?: Date } = {},
  ): Promise<CacheResult<T>> {
    const now = options.now ?? clock();
    const tier = TIERS[req.tier];
    const key = await cacheKey(req, now);
    const genKeys = [...tier.generations, ...(req.extraGenerations ?? [])].map((g) => generationKey(req.tenantId, g));
    const count = (status: CacheStatus): void => metrics.inc('miq_cache_requests_total', { tier: req.tier, status });

    const bypass = async (): Promise<CacheResult<T>> => {
      count('bypass');
      const r = await join(
        `bypass:${key}`,
        async (s) => ({ value: await timedCompute(compute, s, req.tier) }),
        signalOf(options.signal),
      );
      return { value: r.value, status: 'bypass', ageMs: 0 };
    };

    if (pendingBumps.has(req.tenantId) && !(await retryPendingBumps(req.tenantId))) return bypass();

    let values: (string | undefined)[];
    const t0 = performance.now();
    try {
      values = await store.getMany([key, ...genKeys]);
    } catch (e) {
      backendFailed('get', e);
      return bypass();
    } finally {
      metrics.observe('miq_cache_lookup_seconds', { backend: store.kind }, (performance.now() - t0) / 1000);
    }
    const gens = values
      .slice(1)
      .map((v) => v ?? '0')
      .join(',');
    const entry = decodeEntry(values[0]);
    const nowMs = Date.now();

    const computeAndStore = async (signal: AbortSignal): Promise<{ value: T; fromOtherInstance?: Decoded }> => {
      let locked = false;
      try {
        locked = await store.add(`lock:${key}`, '1', lockMs);
        if (!locked) {
          // Another instance computes it: wait for its entry (bounded), then compute ourselves.
          const deadline = Date.now() + lockMs;
          while (Date.now() < deadline && !signal.aborted) {
            await new Promise((r) => setTimeout(r, lockPollMs));
            const [text] = await store.getMany([key]);
            const other = decodeEntry(text);
            if (other && other.gens === gens) return { value: codec.decode(other.body), fromOtherInstance: other };
          }
        }
      } catch (e) {
        backendFailed('lock', e);
      }
      try {
        const value = await timedCompute(compute, signal, req.tier);
        const created = Date.now();
        const text = `${gens}|${created}|${created + tier.ttlMs}\n${codec.encode(value)}`;
        try {
          const stored = await store.set(key, text, tier.ttlMs + tier.staleMs);
          if (!stored) metrics.inc('miq_cache_not_stored_total', { tier: req.tier, reason: 'too_large' });
        } catch (e) {
          backendFailed('set', e);
          metrics.inc('miq_cache_not_stored_total', { tier: req.tier, reason: 'backend' });
        }
        return { value };
      } finally {
        if (locked) await store.delete(`lock:${key}`).catch((e: unknown) => backendFailed('unlock', e));
      }
    };

    if (entry && entry.gens === gens) {
      if (nowMs < entry.freshUntil) {
        count('hit');
        return { value: codec.decode(entry.body), status: 'hit', ageMs: Math.max(0, nowMs - entry.createdAt) };
      }
      // Same generation, past its fresh time: serve it and refresh once in the background.
      count('stale');
      if (!inflight.has(key)) {
        const p = join(key, computeAndStore, undefined).catch((e: unknown) => report('background refresh failed', e));
        background.add(p);
        p.finally(() => background.delete(p));
      }
      return { value: codec.decode(entry.body), status: 'stale', ageMs: Math.max(0, nowMs - entry.createdAt) };
    }

    count('miss');
    const r = await join(key, computeAndStore, signalOf(options.signal));
    if (r.fromOtherInstance) {
      return { value: r.value, status: 'hit', ageMs: Math.max(0, Date.now() - r.fromOtherInstance.createdAt) };
    }
    return { value: r.value, status: 'miss', ageMs: 0 };
  }

  async function bumpTenant(tenantId: string, names: readonly string[] = REBUILD_GENERATIONS): Promise<void> {
    for (const name of names) {
      metrics.inc('miq_cache_generation_bumps_total', { generation: name.startsWith('view:') ? 'view' : name });
      try {
        await store.incr(generationKey(tenantId, name));
      } catch (e) {
        backendFailed('incr', e);
        // The store may still hold entries of the old generation: bypass this tenant until the bump lands.
        let set = pendingBumps.get(tenantId);
        if (!set) {
          set = new Set();
          pendingBumps.set(tenantId, set);
        }
        set.add(name);
      }
    }
  }

  return {
    store,
    through,
    bumpTenant,
    invalidateSavedView: (tenantId, userId) => bumpTenant(tenantId, [savedViewGeneration(userId)]),
    async settle() {
      while (background.size > 0) await Promise.allSettled([...background]);
    },
  };
}

export { CacheUnavailableError };
