import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.js';
import { requireTenantToken, type TenantAuthVariables, type TenantTokenVerifier } from '../auth/index.js';
import type { TenantRequestPolicy } from '../auth/tenant-auth.js';
import type { CacheableSemantic } from '../cache/cached-semantic.js';
import type { ResponseCache } from '../cache/response-cache.js';
import { scopeKeyOf } from '../cache/scope.js';
import { MiqError } from '../errors/index.js';
import type { MetricsResponse } from '../wire/index.js';
import { type JsonBodyVariables, jsonBody } from './json-body.js';

export interface BatchDeps {
  readonly semantic: CacheableSemantic;
  readonly cache: ResponseCache;
}

export const MAX_BATCH_QUERIES = 25;

/**
 * `POST /metrics/batch`: every panel query of a dashboard in one request, `{ dashboard?, queries: [...] }` →
 * `{ results: [...], meta: { cache } }`. The whole answer is one entry of the dashboard tier (1 h), keyed by scope,
 * catalog version, dashboard id and every normalized query; a rebuild moves the dashboard generation on.
 * A bad query fails the batch with 400 naming it (`queries[i].field`).
 */
export function dashboardBatchRoutes(
  deps: AppDeps,
  verify: TenantTokenVerifier,
  batch: BatchDeps,
  policy?: TenantRequestPolicy,
) {
  return new Hono<{ Variables: TenantAuthVariables & JsonBodyVariables }>().post(
    '/metrics/batch',
    requireTenantToken(verify, policy),
    jsonBody({ maxBytes: deps.config.bodyLimitBytes }),
    async (c) => {
      const body = c.var.body as { dashboard?: unknown; queries?: unknown } | null;
      const problems: { field: string; code: string; message: string }[] = [];
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        problems.push({ field: '(body)', code: 'invalid_type', message: 'The body must be a JSON object.' });
      } else {
        for (const k of Object.keys(body)) {
          if (k !== 'dashboard' && k !== 'queries') {
            problems.push({ field: k, code: 'unknown_field', message: 'Only "dashboard" and "queries" are allowed.' });
          }
        }
        if (
          body.dashboard !== undefined &&
          (typeof body.dashboard !== 'string' || !/^[a-z0-9][a-z0-9_-]{0,63}$/.test(body.dashboard))
        ) {
          problems.push({ field: 'dashboard', code: 'invalid', message: 'A dashboard id: a-z, 0-9, _ and -.' });
        }
        if (!Array.isArray(body.queries) || body.queries.length === 0 || body.queries.length > MAX_BATCH_QUERIES) {
          problems.push({ field: 'queries', code: 'invalid', message: `Between 1 and ${MAX_BATCH_QUERIES} queries.` });
        }
      }
      if (problems.length > 0) throw new MiqError('validation_failed', { details: problems });
      const { dashboard, queries } = body as { dashboard?: string; queries: unknown[] };
      const scope = c.var.auth.scope;
      const now = deps.clock();
      const normalized = queries.map((q, i) => {
        try {
          return batch.semantic.normalize(q, scope, { now });
        } catch (e) {
          if (e instanceof MiqError && e.status < 500) {
            throw new MiqError(e.code, {
              details: e.details.map((d) => ({ ...d, field: `queries[${i}].${d.field}` })),
            });
          }
          throw e;
        }
      });
      const result = await batch.cache.through(
        {
          tier: 'dashboard',
          tenantId: scope.tenantId,
          scopeKey: scopeKeyOf(scope),
          catalogVersion: batch.semantic.catalog.version,
          timeZone: scope.timeZone,
          parts: [dashboard ?? null, normalized],
        },
        async (signal) => {
          const out: MetricsResponse[] = [];
          // Sequential: one DuckDB connection per query would only contend on 2 threads.
          for (const q of queries) out.push(await batch.semantic.query(q, scope, { signal, now }));
          return out;
        },
        { encode: (v) => JSON.stringify(v), decode: (t) => JSON.parse(t) as MetricsResponse[] },
        { now, signal: c.req.raw.signal },
      );
      c.header('Cache-Control', 'private, no-store');
      return c.json({
        results: result.value,
        meta: {
          cache: {
            hit: result.status === 'hit' || result.status === 'stale',
            status: result.status,
            ageSeconds: Math.round(result.ageMs / 100) / 10,
          },
        },
      });
    },
  );
}
