/**
 * Wire schema of the catalog a token may query (`GET /api/v1/schema`).
 *
 * @example
 * const res: SchemaResponse = await (await fetch('/api/v1/schema', { headers })).json();
 * res.measures.find((m) => m.name === 'ads.spend')?.format; // 'currency'
 */
import { z } from 'zod';
import { GranularitySchema, MemberFormatSchema, MemberTypeSchema } from './metrics.js';

export const MeasureInfoSchema = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  type: z.literal('number'),
  format: MemberFormatSchema,
  /** For money: the ISO currency the value is in (the tenant's reporting currency). */
  currency: z.string().optional(),
  /** simple | ratio | derived metric. */
  metricType: z.enum(['simple', 'ratio', 'derived']),
  /** additive | semi_additive | non_additive (the least additive of its inputs). */
  aggregation: z.enum(['additive', 'semi_additive', 'non_additive']),
  /** For non-additive measures: the members a query must group by for the value to be valid. */
  validGrain: z.array(z.string()).optional(),
  /** The facts (semantic models) it reads. */
  facts: z.array(z.string()),
});
export type MeasureInfo = z.infer<typeof MeasureInfoSchema>;

export const DimensionInfoSchema = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  type: MemberTypeSchema,
  /** For the time dimension: the granularities it may be grouped by. */
  granularities: z.array(GranularitySchema).optional(),
  /** The facts whose measures it can slice. */
  facts: z.array(z.string()),
});
export type DimensionInfo = z.infer<typeof DimensionInfoSchema>;

export const SchemaResponseSchema = z.object({
  version: z.string(),
  measures: z.array(MeasureInfoSchema),
  dimensions: z.array(DimensionInfoSchema),
});
export type SchemaResponse = z.infer<typeof SchemaResponseSchema>;
