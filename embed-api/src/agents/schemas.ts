/**
 * Wire schemas of the agents' endpoints (issue 11): `POST /api/v1/agents/query`, `POST /api/v1/agents/recommend`,
 * `GET /api/v1/alerts`. Exported so the OpenAPI generator and the widgets can use them.
 */
import { z } from 'zod';
import { AnnotationSchema, MetricsRequestSchema, NormalizedQuerySchema, RowSchema } from '../wire/metrics.js';

export const AgentQueryRequestSchema = z.strictObject({
  /** The question in words (≤ 500 characters). */
  question: z.string().trim().min(1).max(500),
});
export type AgentQueryRequest = z.infer<typeof AgentQueryRequestSchema>;

/** A Vega-Lite spec whose data is the named dataset `rows` (the answer's rows). */
export const VegaLiteSpecSchema = z.record(z.string(), z.unknown());

export const AgentAnswerSchema = z.object({
  kind: z.literal('answer'),
  question: z.string(),
  /** Who turned the question into the query: the deterministic parser or the configured language model. */
  source: z.enum(['parser', 'model']),
  /** The query body as produced (relative dates unresolved). */
  request: MetricsRequestSchema,
  /** The normalized query that ran (dates resolved in the tenant's time zone). */
  query: NormalizedQuerySchema,
  rows: z.array(RowSchema),
  annotation: z.record(z.string(), AnnotationSchema),
  /** One sentence with the key number, formatted in the tenant's currency. */
  sentence: z.string(),
  /** Suggested chart (null for a single number). */
  chart: VegaLiteSpecSchema.nullable(),
});
export type AgentAnswer = z.infer<typeof AgentAnswerSchema>;

export const AgentRefusalSchema = z.object({
  kind: z.literal('refusal'),
  question: z.string(),
  /** Always starts with "I can't answer that yet". */
  message: z.string(),
  reason: z.string(),
  /** The closest questions this tenant can ask. */
  suggestions: z.array(z.string()),
});
export type AgentRefusal = z.infer<typeof AgentRefusalSchema>;

export const AgentQueryResponseSchema = z.discriminatedUnion('kind', [AgentAnswerSchema, AgentRefusalSchema]);
export type AgentQueryResponse = z.infer<typeof AgentQueryResponseSchema>;

export const SeveritySchema = z.enum(['high', 'medium', 'low']);

export const EvidenceSchema = z.object({
  /** Named numbers the finding rests on (the only numbers a phrased text may quote). */
  numbers: z.record(z.string(), z.number()),
  /** The metrics query that shows them. */
  query: MetricsRequestSchema,
});

export const FindingSchema = z.object({
  id: z.string(),
  agent: z.string(),
  rule: z.string(),
  severity: SeveritySchema,
  entity: z.object({ member: z.string(), value: z.string(), label: z.string() }),
  title: z.string(),
  evidence: EvidenceSchema,
  action: z.string(),
  /** Estimated impact in the tenant's reporting currency (null when it cannot be computed). */
  impact: z.number().nullable(),
  currency: z.string(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const RecommendRequestSchema = z.strictObject({ dashboard: z.string().min(1).max(64) });
export const RecommendResponseSchema = z.object({
  dashboard: z.string(),
  findings: z.array(FindingSchema),
  /** Rules this analyzer could not apply because the catalog lacks their members (yet). */
  unavailable: z.array(z.object({ rule: z.string(), missing: z.array(z.string()) })),
});
export type RecommendResponse = z.infer<typeof RecommendResponseSchema>;

export const AlertSchema = z.object({
  id: z.string(),
  kpi: z.string(),
  member: z.string(),
  date: z.string(),
  value: z.number(),
  expected: z.number(),
  /** (value − expected) / expected. */
  relativeChange: z.number(),
  /** Robust z-score of the same-weekday residual. */
  score: z.number(),
  direction: z.enum(['up', 'down']),
  severity: SeveritySchema,
  /** Setting changes in the 3 days before the alert (empty until the history facts exist). */
  changes: z.array(z.object({ date: z.string(), kind: z.string(), entity: z.string(), detail: z.string() })),
});
export type Alert = z.infer<typeof AlertSchema>;

export const AlertsResponseSchema = z.object({
  alerts: z.array(AlertSchema),
  window: z.tuple([z.string(), z.string()]),
  sensitivity: z.number(),
});
export type AlertsResponse = z.infer<typeof AlertsResponseSchema>;

export { NormalizedQuerySchema };
