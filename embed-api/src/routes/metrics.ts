import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.js';
import {
  requireTenantToken,
  type TenantAuthVariables,
  type TenantRequestPolicy,
  type TenantTokenVerifier,
} from '../auth/index.js';
import { MiqError, ProblemCollector } from '../errors/index.js';
import { respondText } from './cors.js';
import { type JsonBodyVariables, jsonBody } from './json-body.js';

/** Top-level body fields that would name a tenant. Only the token does that; such a body is refused, not ignored. */
const TENANT_FIELDS = ['tenant', 'tenantId', 'tenant_id', 'warehouseLocation', 'warehouse_location'] as const;

/** Implemented by the cached semantic layer (`cache/cached-semantic.ts`): the answer as JSON text, hits unparsed. */
interface TextQuery {
  queryText(
    tier: 'metrics',
    body: unknown,
    scope: TenantAuthVariables['auth']['scope'],
    options: { signal?: () => AbortSignal; now?: Date },
  ): Promise<string>;
}

/**
 * `POST /metrics`: the unified metrics query, for the token's tenant only. The client's disconnect signal is passed
 * on so the warehouse query is cancelled when nobody is waiting for it.
 */
export function metricsRoutes(deps: AppDeps, verify: TenantTokenVerifier, policy?: TenantRequestPolicy) {
  const text = deps.semantic as Partial<TextQuery>;
  const queryText = typeof text.queryText === 'function' ? text.queryText.bind(deps.semantic) : undefined;
  return new Hono<{ Variables: TenantAuthVariables & JsonBodyVariables }>().post(
    '/metrics',
    requireTenantToken(verify, policy),
    jsonBody({ maxBytes: deps.config.bodyLimitBytes }),
    async (c) => {
      // `c.get`, not `c.var`: on Hono `c.var` builds a new object from every variable at each access.
      const body = c.get('body');
      const scope = c.get('auth').scope;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new MiqError('validation_failed', {
          details: [{ field: '(body)', code: 'invalid_type', message: 'The body must be a JSON object.' }],
        });
      }
      const problems = new ProblemCollector();
      for (const field of TENANT_FIELDS) {
        if (Object.hasOwn(body, field)) {
          problems.add(field, 'forbidden_field', 'The tenant comes from the token only; remove this field.');
        }
      }
      problems.throwIfAny();
      const now = deps.clock();
      if (queryText !== undefined) {
        // The cached layer: a hit is sent as the stored bytes (no JSON.parse / JSON.stringify per request), and the
        // abort signal is only made when a computation needs it.
        const json = await queryText('metrics', body, scope, { signal: () => c.req.raw.signal, now });
        return respondText(c, json, 200, { 'Content-Type': 'application/json', 'Cache-Control': 'private, no-store' });
      }
      const result = await deps.semantic.query(body, scope, { signal: c.req.raw.signal, now });
      return respondText(c, JSON.stringify(result), 200, {
        'Content-Type': 'application/json',
        'Cache-Control': 'private, no-store',
      });
    },
  );
}
