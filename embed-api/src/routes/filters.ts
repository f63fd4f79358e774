import { Hono } from 'hono';
import { parseOrThrow } from '../admin/validate.js';
import type { AppDeps } from '../app-deps.js';
import {
  requireTenantToken,
  type TenantAuthVariables,
  type TenantRequestPolicy,
  type TenantTokenVerifier,
} from '../auth/index.js';
import type { TierName } from '../cache/keys.js';
import { MiqError } from '../errors/index.js';
import type { TenantScope } from '../semantic/scope.js';
import {
  FILTER_OPTIONS_DEFAULT_LIMIT,
  FILTER_TYPES,
  FilterOptionsQuerySchema,
  type FilterOptionsResponse,
  FilterTypeSchema,
  type MetricsResponse,
} from '../wire/index.js';

/** A semantic port that may answer through a cache tier (`createCachedSemantic` does). */
interface TieredSemantic {
  queryTier?: (
    tier: TierName,
    body: unknown,
    scope: TenantScope,
    options?: { signal?: AbortSignal; now?: Date },
  ) => Promise<MetricsResponse>;
}

/** Members of the loaded catalog, when the port exposes them (the real semantic layer does). */
export function catalogMembersOf(deps: AppDeps): ReadonlyMap<string, { kind: string }> | undefined {
  const members = (deps.semantic.catalog as { members?: unknown }).members;
  return members instanceof Map ? (members as ReadonlyMap<string, { kind: string }>) : undefined;
}

/**
 * `GET /filters/{type}`: the values a filter control may offer — a dimension-only query over every fact the member
 * reaches, with the token's locked filters ANDed in by the semantic layer (an entity outside a lock never appears),
 * `search` (case-insensitive substring of label or value), paging. Cached in the 24 h `filters` tier when the app runs
 * with the response cache.
 */
export function filterRoutes(deps: AppDeps, verify: TenantTokenVerifier, policy?: TenantRequestPolicy) {
  return new Hono<{ Variables: TenantAuthVariables }>().get(
    '/filters/:type',
    requireTenantToken(verify, policy),
    async (c) => {
      const typeResult = FilterTypeSchema.safeParse(c.req.param('type'));
      if (!typeResult.success) {
        throw new MiqError('not_found', {
          message: `Unknown filter type. Known: ${Object.keys(FILTER_TYPES).join(', ')}.`,
        });
      }
      const type = typeResult.data;
      const q = parseOrThrow(FilterOptionsQuerySchema, c.req.query(), 'query');
      const { value, label } = FILTER_TYPES[type];
      const members = catalogMembersOf(deps);
      if (members !== undefined && (!members.has(value) || !members.has(label))) {
        throw new MiqError('not_found', { message: `The catalog has no ${type} (member ${value}) yet.` });
      }
      const limit = q.limit ?? FILTER_OPTIONS_DEFAULT_LIMIT;
      const offset = q.offset ?? 0;
      const dims = value === label ? [value] : [value, label];
      const filters: unknown[] = [{ member: value, operator: 'set' }];
      const search = q.search?.trim();
      if (search) {
        filters.push(
          value === label
            ? { member: value, operator: 'contains', values: [search] }
            : {
                or: [
                  { member: label, operator: 'contains', values: [search] },
                  { member: value, operator: 'contains', values: [search] },
                ],
              },
        );
      }
      const body = {
        dimensions: dims,
        filters,
        order:
          value === label
            ? [[value, 'asc']]
            : [
                [label, 'asc'],
                [value, 'asc'],
              ],
        limit: limit + 1,
        offset,
        total: true,
      };
      const scope = c.var.auth.scope;
      const options = { signal: c.req.raw.signal, now: deps.clock() };
      const tiered = deps.semantic as typeof deps.semantic & TieredSemantic;
      const result = (
        tiered.queryTier
          ? await tiered.queryTier('filters', body, scope, options)
          : await deps.semantic.query(body, scope, options)
      ) as MetricsResponse;
      const rows = result.rows.slice(0, limit);
      const out: FilterOptionsResponse = {
        type,
        member: value,
        options: rows.map((r) => {
          const v = String(r[value]);
          const l = r[label];
          return { value: v, label: l === null || l === undefined || l === '' ? v : String(l) };
        }),
        total: result.total ?? rows.length,
        limit,
        offset,
        hasMore: result.rows.length > limit,
        meta: {
          catalogVersion: result.meta.catalogVersion,
          ...(result.meta.cache ? { cache: result.meta.cache } : {}),
        },
      };
      c.header('Cache-Control', 'private, no-store');
      return c.json(out);
    },
  );
}
