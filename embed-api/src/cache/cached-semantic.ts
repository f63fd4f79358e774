/**
 * The semantic layer behind the response cache: `query` normalizes (validation errors surface exactly as before),
 * then answers from the `metrics` tier (5 min) keyed by scope + catalog version + normalized query, and reports the
 * outcome in `meta.cache`. Same shape as the layer, so routes do not change.
 */
import type { TenantScope } from '../semantic/scope.js';
import type { MetricsResponse, NormalizedQuery } from '../wire/index.js';
import type { TierName } from './keys.js';
import type { CacheResult, Codec, PreparedRequest, ResponseCache, SignalSource } from './response-cache.js';
import { scopeKeyOf } from './scope.js';

/** What the decorator needs from the semantic layer (`createSemanticLayer` has it). */
export interface CacheableSemantic {
  readonly catalog: { readonly version: string };
  schemaFor(scope: TenantScope): unknown;
  normalize(body: unknown, scope: TenantScope, options?: { now?: Date }): NormalizedQuery;
  query(body: unknown, scope: TenantScope, options?: { signal?: AbortSignal; now?: Date }): Promise<MetricsResponse>;
}

export const jsonCodec: Codec<MetricsResponse> = {
  encode: (v) => JSON.stringify(v),
  decode: (t) => JSON.parse(t) as MetricsResponse,
};

/** Stored entries are the same JSON text either way: `query` decodes it, `queryText` serves it as bytes. */
const textCodec: Codec<string> = { encode: (v) => v, decode: (t) => t };

/** `meta.cache` as JSON text (the fields and order `withCacheMeta` produces). */
function cacheMetaText(status: CacheResult<unknown>['status'], ageMs: number): string {
  const hit = status === 'hit' || status === 'stale';
  return `{"hit":${hit},"status":"${status}","ageSeconds":${JSON.stringify(Math.round(ageMs / 100) / 10)}}`;
}

/**
 * A cached body split around where `meta.cache` goes, so a hit is served as `head + cacheMeta + tail` without
 * parsing or serializing the response. The placeholder is random per process (no response can contain it).
 */
const PLACEHOLDER = `miq-cache-meta-${crypto.randomUUID()}`;
const PLACEHOLDER_JSON = JSON.stringify(PLACEHOLDER);
interface Template {
  readonly head: string;
  readonly tail: string;
}
function templateOf(body: string): Template {
  const v = JSON.parse(body) as MetricsResponse;
  const text = JSON.stringify({ ...v, meta: { ...v.meta, cache: PLACEHOLDER } });
  const at = text.indexOf(PLACEHOLDER_JSON);
  return { head: text.slice(0, at), tail: text.slice(at + PLACEHOLDER_JSON.length) };
}

/** `meta.cache` for a result. */
export function withCacheMeta(result: CacheResult<MetricsResponse>): MetricsResponse {
  const v = result.value;
  return {
    ...v,
    meta: {
      ...v.meta,
      cache: {
        hit: result.status === 'hit' || result.status === 'stale',
        status: result.status,
        ageSeconds: Math.round(result.ageMs / 100) / 10,
      },
    },
  };
}

export interface CachedSemantic extends CacheableSemantic {
  readonly cache: ResponseCache;
  /** One query through a given tier (`metrics` by default), with `meta.cache`. */
  queryTier(
    tier: TierName,
    body: unknown,
    scope: TenantScope,
    options?: { signal?: AbortSignal; now?: Date; extraGenerations?: readonly string[] },
  ): Promise<MetricsResponse>;
  /**
   * The same answer as `queryTier`, as JSON text (what the route sends): a hit is served from the stored bytes with
   * `meta.cache` spliced in, never decoded and re-encoded.
   */
  queryText(
    tier: TierName,
    body: unknown,
    scope: TenantScope,
    options?: { signal?: SignalSource; now?: Date; extraGenerations?: readonly string[] },
  ): Promise<string>;
}

export function createCachedSemantic(
  layer: CacheableSemantic,
  cache: ResponseCache,
  o: { clock?: () => Date } = {},
): CachedSemantic {
  const clock = o.clock ?? (() => new Date());
  /**
   * Warm requests → their prepared cache request (normalized query, key, generation keys), so a warm hit skips
   * validation, normalization and hashing. Held per scope object (the verified-token cache hands out one immutable
   * scope per token; the key hashes `scopeKey(scope)`), keyed by tier, extra generations and the body text, and
   * valid for one minute: normalizing depends on the tenant-local date (relative ranges) and the key on the cache
   * day, and both only change on a minute boundary. Only successes are remembered.
   */
  interface Memo {
    minute: number;
    readonly scopeKey: string;
    readonly prepared: Map<string, PreparedRequest>;
  }
  const memos = new WeakMap<TenantScope, Memo>();
  const MEMO_MAX = 1000;
  const MEMO_MAX_BODY = 16 * 1024;
  /** Splice points of recently served bodies (by body text; bounded by count and size). */
  const templates = new Map<string, Template>();
  const TEMPLATES_MAX = 1000;
  const TEMPLATE_MAX_BODY = 256 * 1024;
  type Options = { signal?: SignalSource; now?: Date; extraGenerations?: readonly string[] };

  async function request(
    tier: TierName,
    body: unknown,
    scope: TenantScope,
    now: Date,
    options: Options,
  ): Promise<PreparedRequest> {
    const minute = Math.floor(now.getTime() / 60_000);
    let memo = memos.get(scope);
    if (memo === undefined) {
      memo = { minute, scopeKey: scopeKeyOf(scope), prepared: new Map() };
      memos.set(scope, memo);
    } else if (memo.minute !== minute) {
      memo.minute = minute;
      memo.prepared.clear();
    }
    const text = JSON.stringify(body) ?? '';
    const memoKey =
      text.length > MEMO_MAX_BODY
        ? undefined
        : `${tier}\u0000${options.extraGenerations?.join('\u0001') ?? ''}\u0000${text}`;
    const known = memoKey === undefined ? undefined : memo.prepared.get(memoKey);
    if (known !== undefined) return known;
    const prepared = await cache.prepare(
      {
        tier,
        tenantId: scope.tenantId,
        scopeKey: memo.scopeKey,
        catalogVersion: layer.catalog.version,
        timeZone: scope.timeZone,
        parts: layer.normalize(body, scope, { now }),
        ...(options.extraGenerations ? { extraGenerations: options.extraGenerations } : {}),
      },
      now,
    );
    if (memoKey !== undefined) {
      if (memo.prepared.size >= MEMO_MAX) memo.prepared.clear();
      memo.prepared.set(memoKey, prepared);
    }
    return prepared;
  }

  async function queryTier(
    tier: TierName,
    body: unknown,
    scope: TenantScope,
    options: Options & { signal?: AbortSignal } = {},
  ): Promise<MetricsResponse> {
    const now = options.now ?? clock();
    const result = await cache.through(
      await request(tier, body, scope, now, options),
      (signal) => layer.query(body, scope, { signal, now }),
      jsonCodec,
      { now, ...(options.signal ? { signal: options.signal } : {}) },
    );
    return withCacheMeta(result);
  }

  async function queryText(tier: TierName, body: unknown, scope: TenantScope, options: Options = {}): Promise<string> {
    const now = options.now ?? clock();
    const result = await cache.through(
      await request(tier, body, scope, now, options),
      async (signal) => JSON.stringify(await layer.query(body, scope, { signal, now })),
      textCodec,
      { now, ...(options.signal ? { signal: options.signal } : {}) },
    );
    const meta = cacheMetaText(result.status, result.ageMs);
    const text = result.value;
    if (text.length > TEMPLATE_MAX_BODY) {
      const t = templateOf(text);
      return t.head + meta + t.tail;
    }
    let t = templates.get(text);
    if (t === undefined) {
      t = templateOf(text);
      if (templates.size >= TEMPLATES_MAX) templates.delete(templates.keys().next().value as string);
      templates.set(text, t);
    }
    return t.head + meta + t.tail;
  }
  return {
    cache,
    catalog: layer.catalog,
    schemaFor: (scope) => layer.schemaFor(scope),
    normalize: (body, scope, options) => layer.normalize(body, scope, options),
    query: (body, scope, options = {}) => queryTier('metrics', body, scope, options),
    queryTier,
    queryText,
  };
}
