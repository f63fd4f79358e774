import { Hono } from 'hono';
import { z } from 'zod';
import { parseOrThrow } from '../admin/validate.js';
import { createAlerter, semanticChangeSource } from '../agents/alerts/alerts.js';
import type { AppDeps } from '../app-deps.js';
import {
  requireTenantToken,
  type TenantAuthVariables,
  type TenantRequestPolicy,
  type TenantTokenVerifier,
} from '../auth/index.js';
import type { MetricsResponse } from '../wire/index.js';

export const AlertsQuerySchema = z.strictObject({
  /** Robust z threshold 2…10; default: the tenant's sensitivity, else 4. Lower = more alerts. */
  sensitivity: z.coerce.number().min(2).max(10).optional(),
  /** Days evaluated, ending yesterday in the tenant's time zone (7…90, default 90). */
  days: z.coerce.number().int().min(7).max(90).optional(),
});

/** `GET /alerts`: anomalies on the token's tenant's daily KPIs (locks and allowed members applied). */
export function alertRoutes(deps: AppDeps, verify: TenantTokenVerifier, policy?: TenantRequestPolicy) {
  const query = (
    body: unknown,
    scope: Parameters<typeof deps.semantic.query>[1],
    options?: { signal?: AbortSignal; now?: Date },
  ) => deps.semantic.query(body, scope, options) as Promise<MetricsResponse>;
  const alerter = createAlerter({ query, changes: deps.agents?.changes ?? semanticChangeSource(query) });
  return new Hono<{ Variables: TenantAuthVariables }>().get(
    '/alerts',
    requireTenantToken(verify, policy),
    async (c) => {
      const q = parseOrThrow(AlertsQuerySchema, c.req.query(), 'query');
      const scope = c.var.auth.scope;
      const sensitivity = q.sensitivity ?? deps.agents?.alertSensitivity?.(scope.tenantId);
      const result = await alerter.alerts(scope, {
        now: deps.clock(),
        signal: c.req.raw.signal,
        ...(sensitivity !== undefined ? { sensitivity } : {}),
        ...(q.days !== undefined ? { days: q.days } : {}),
      });
      c.header('Cache-Control', 'private, no-store');
      return c.json(result);
    },
  );
}
