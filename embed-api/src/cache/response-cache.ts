/**
 * The response cache over a `CacheStore`: per-tenant generations (O(1) invalidation: one INCR, no key scans), single
 * flight (in-process, plus a short lock in the shared store across instances), stale-while-revalidate within one
 * generation only, and graceful degradation: a backend that fails is skipped and answers come from the warehouse.
 *
 * Entry format: `<generations>|<createdAtMs>|<freshUntilMs>\n<value>`. An entry whose recorded generations differ from
 * the tenant's current ones is never served: a rebuild makes every older entry a miss at once.
 */
import type { GenerationBus } from './generation-bus.js';
import { cacheKey, generationKey, type KeyInput, REBUILD_GENERATIONS, savedViewGeneration, TIERS } from './keys.js';
import type { MetricsRegistry } from './metrics.js';
import { createRecentEntries, type Decoded, decodeEntry } from './recent-entries.js';
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

/**
 * A request with its key already computed (`prepare`), so a caller that memoizes it skips hashing on a warm hit. The
 * key depends on the cache day: memoize it per minute at most (the day only changes on a minute boundary).
 */
export interface PreparedRequest {
  readonly kind: 'prepared';
  readonly req: CacheRequest;
  readonly key: string;
  readonly genKeys: readonly string[];
  /** `[key, ...genKeys]`: what a lookup reads in one round trip. */
  readonly lookupKeys: readonly string[];
}

type ThroughOptions = { signal?: SignalSource; now?: Date };

export interface ResponseCache {
  readonly store: CacheStore;
  prepare(req: CacheRequest, now: Date): Promise<PreparedRequest>;
  through<T>(
    req: CacheRequest | PreparedRequest,
    compute: (signal: AbortSignal) => Promise<T>,
    codec: Codec<T>,
    options?: ThroughOptions,
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
  /**
   * In-process L1 in front of a shared store: an entry validated against the shared generations less than `ttlMs`
   * ago is served without a store round trip, unless a generation move of its tenant was seen since — this
   * instance's own bumps at once, other instances' through `bus`. Without it every lookup asks the store.
   */
  readonly l1?: { readonly ttlMs: number; readonly bus: GenerationBus; readonly maxChars?: number };
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
  const l1 = o.l1;
  const recent = createRecentEntries({ ttlMs: l1?.ttlMs ?? 0, ...(l1?.maxChars ? { maxChars: l1.maxChars } : {}) });
  l1?.bus.subscribe((tenantId) => (tenantId === null ? recent.everythingMoved() : recent.tenantMoved(tenantId)));
  const lookupSeconds = metrics.histogram('miq_cache_lookup_seconds', { backend: store.kind });
  const counters = new Map<string, { inc(by?: number): void }>();
  const counter = (name: string, tier: string, status: string) => {
    const id = `${name}|${tier}|${status}`;
    let c = counters.get(id);
    if (c === undefined) {
      c = metrics.counter(name, status === '' ? { tier } : { tier, status });
      counters.set(id, c);
    }
    return c;
  };

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

  async function prepare(req: CacheRequest, now: Date): Promise<PreparedRequest> {
    const genKeys = [...TIERS[req.tier].generations, ...(req.extraGenerations ?? [])].map((g) =>
      generationKey(req.tenantId, g),
    );
    const key = await cacheKey(req, now);
    return { kind: 'prepared', req, key, genKeys, lookupKeys: [key, ...genKeys] };
  }

  async function through<T>(
    input: CacheRequest | PreparedRequest,
    compute: (signal: AbortSignal) => Promise<T>,
    codec: Codec<T>,
    options: ThroughOptions = {},
  ): Promise<CacheResult<T>> {
    // The warm hit is kept free of closures and copies: it is most of the traffic.
    const prepared = 'kind' in input ? input : await prepare(input, options.now ?? clock());
    const { req, key } = prepared;
    if (l1?.bus.listening() && !pendingBumps.has(req.tenantId)) {
      const nowMs = Date.now();
      const near = recent.hit(req.tenantId, key, nowMs);
      if (near !== undefined) {
        counter('miq_cache_requests_total', req.tier, 'hit').inc();
        counter('miq_cache_l1_hits_total', req.tier, '').inc();
        return { value: codec.decode(near.body), status: 'hit', ageMs: Math.max(0, nowMs - near.createdAt) };
      }
    }
    if (pendingBumps.has(req.tenantId) && !(await retryPendingBumps(req.tenantId))) {
      return bypass(prepared, compute, options);
    }
    let values: (string | undefined)[];
    const snapshot = recent.tick();
    const t0 = performance.now();
    try {
      values = await store.getMany(prepared.lookupKeys);
    } catch (e) {
      lookupSeconds.observe((performance.now() - t0) / 1000);
      backendFailed('get', e);
      return bypass(prepared, compute, options);
    }
    lookupSeconds.observe((performance.now() - t0) / 1000);
    let gens = '';
    for (let i = 1; i < values.length; i++) gens += i === 1 ? (values[i] ?? '0') : `,${values[i] ?? '0'}`;
    const nowMs = Date.now();
    const entry = recent.decode(key, values[0], gens, snapshot, nowMs);
    if (entry !== undefined && entry.gens === gens && nowMs < entry.freshUntil) {
      counter('miq_cache_requests_total', req.tier, 'hit').inc();
      return { value: codec.decode(entry.body), status: 'hit', ageMs: Math.max(0, nowMs - entry.createdAt) };
    }
    return notFresh(prepared, entry, gens, nowMs, compute, codec, options);
  }

  /** The store cannot be used: answer from the warehouse (still one computation per key in this process). */
  async function bypass<T>(
    { req, key }: PreparedRequest,
    compute: (signal: AbortSignal) => Promise<T>,
    options: ThroughOptions,
  ): Promise<CacheResult<T>> {
    counter('miq_cache_requests_total', req.tier, 'bypass').inc();
    const r = await join(
      `bypass:${key}`,
      async (s) => ({ value: await timedCompute(compute, s, req.tier) }),
      signalOf(options.signal),
    );
    return { value: r.value, status: 'bypass', ageMs: 0 };
  }

  /** No entry of the current generations, or one past its fresh time. */
  async function notFresh<T>(
    { req, key }: PreparedRequest,
    entry: Decoded | undefined,
    gens: string,
    nowMs: number,
    compute: (signal: AbortSignal) => Promise<T>,
    codec: Codec<T>,
    options: ThroughOptions,
  ): Promise<CacheResult<T>> {
    const tier = TIERS[req.tier];
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
      // Same generation, past its fresh time: serve it and refresh once in the background.
      counter('miq_cache_requests_total', req.tier, 'stale').inc();
      if (!inflight.has(key)) {
        const p = join(key, computeAndStore, undefined).catch((e: unknown) => report('background refresh failed', e));
        background.add(p);
        p.finally(() => background.delete(p));
      }
      return { value: codec.decode(entry.body), status: 'stale', ageMs: Math.max(0, nowMs - entry.createdAt) };
    }

    counter('miq_cache_requests_total', req.tier, 'miss').inc();
    const r = await join(key, computeAndStore, signalOf(options.signal));
    if (r.fromOtherInstance) {
      return { value: r.value, status: 'hit', ageMs: Math.max(0, Date.now() - r.fromOtherInstance.createdAt) };
    }
    return { value: r.value, status: 'miss', ageMs: 0 };
  }

  async function bumpTenant(tenantId: string, names: readonly string[] = REBUILD_GENERATIONS): Promise<void> {
    recent.tenantMoved(tenantId);
    try {
      await incrAll(tenantId, names);
    } finally {
      // Again once the INCRs landed: a lookup that started in between may have read the old generations.
      recent.tenantMoved(tenantId);
    }
    await l1?.bus.publish(tenantId);
  }

  async function incrAll(tenantId: string, names: readonly string[]): Promise<void> {
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
    prepare,
    through,
    bumpTenant,
    invalidateSavedView: (tenantId, userId) => bumpTenant(tenantId, [savedViewGeneration(userId)]),
    async settle() {
      while (background.size > 0) await Promise.allSettled([...background]);
    },
  };
}

export { CacheUnavailableError };
