/**
 * The semantic layer behind the response cache: `query` normalizes (validation errors surface exactly as before),
 * then answers from the `metrics` tier (5 min) keyed by scope + catalog version + normalized query, and reports the
 * outcome in `meta.cache`. Same shape as the layer, so routes do not change.
 */
import type { TenantScope } from '../semantic/scope.js';
import type { MetricsResponse, NormalizedQuery } from '../wire/index.js';
import type { TierName } from './keys.js';
import type { CacheResult, Codec, ResponseCache } from './response-cache.js';
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
}

export function createCachedSemantic(
  layer: CacheableSemantic,
  cache: ResponseCache,
  o: { clock?: () => Date } = {},
): CachedSemantic {
  const clock = o.clock ?? (() => new Date());
  const recentNormalized = new Map<string, NormalizedQuery>();
  async function queryTier(
    tier: TierName,
    body: unknown,
    scope: TenantScope,
    options: { signal?: AbortSignal; now?: Date; extraGenerations?: readonly string[] } = {},
  ): Promise<MetricsResponse> {
    const now = options.now ?? clock();
    const sk = scopeKeyOf(scope);
    // Normalizing is deterministic for (body, scope, tenant-local day): remember it for the minute (day changes
    // happen on minute boundaries), so a warm hit skips validation. Only successes are remembered.
    const memoKey = `${Math.floor(now.getTime() / 60_000)}\u0000${sk}\u0000${JSON.stringify(body)}`;
    let normalized = recentNormalized.get(memoKey);
    if (normalized === undefined) {
      normalized = layer.normalize(body, scope, { now });
      if (recentNormalized.size >= 5000) recentNormalized.clear();
      recentNormalized.set(memoKey, normalized);
    }
    const result = await cache.through(
      {
        tier,
        tenantId: scope.tenantId,
        scopeKey: sk,
        catalogVersion: layer.catalog.version,
        timeZone: scope.timeZone,
        parts: normalized,
        ...(options.extraGenerations ? { extraGenerations: options.extraGenerations } : {}),
      },
      (signal) => layer.query(body, scope, { signal, now }),
      jsonCodec,
      { now, ...(options.signal ? { signal: options.signal } : {}) },
    );
    return withCacheMeta(result);
  }
  return {
    cache,
    catalog: layer.catalog,
    schemaFor: (scope) => layer.schemaFor(scope),
    normalize: (body, scope, options) => layer.normalize(body, scope, options),
    query: (body, scope, options = {}) => queryTier('metrics', body, scope, options),
    queryTier,
  };
}
