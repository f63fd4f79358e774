/**
 * Wire schemas of the remaining public routes (errors, health, the dashboard batch, the webhook's answers), so that
 * the OpenAPI document covers every route from zod.
 */
import { z } from 'zod';
import { CacheMetaSchema } from './filters.js';
import { MetricsRequestSchema, MetricsResponseSchema } from './metrics.js';

export const FieldProblemSchema = z.object({ field: z.string(), code: z.string(), message: z.string() });
export const ErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.array(FieldProblemSchema) }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

const HealthCheckSchema = z.object({
  status: z.enum(['ok', 'error', 'timeout', 'not_configured']),
  latencyMs: z.number(),
});
export const HealthResponseSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  catalogVersion: z.string(),
  checks: z.object({ appDb: HealthCheckSchema, warehouse: HealthCheckSchema }),
});

export const BatchRequestSchema = z.strictObject({
  dashboard: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/)
    .optional(),
  queries: z.array(MetricsRequestSchema).min(1).max(25),
});
export const BatchResponseSchema = z.object({
  results: z.array(MetricsResponseSchema),
  meta: z.object({ cache: CacheMetaSchema }),
});

export const WebhookResponseSchema = z.object({
  status: z.enum(['queued', 'ignored']),
  tenant: z.string().optional(),
  reason: z.string().optional(),
});
