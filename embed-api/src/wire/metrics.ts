/**
 * Wire schemas of the unified metrics query (`POST /api/v1/metrics`): the request the routes validate and the response
 * envelope (fixed from the first API release; additive changes only).
 *
 * Response rows are flat objects keyed by member name. With `compare`, each measure `m` also has `m.previous` (the value
 * in the comparison period, matched on the same dimension values and the same time-bucket position) and `m.change`
 * (relative change `(current - previous) / |previous|`, `null` when previous is 0 or null).
 *
 * @example
 * const body: MetricsRequest = { measures: ['ads.spend'], dimensions: ['platform.code'],
 *   timeDimension: { dimension: 'date.day', granularity: 'week', dateRange: 'last 30 days' }, compare: 'previous_period' };
 */
import { z } from 'zod';

/** `<cube>.<name>`, lower-case letters, digits and underscores: nothing else can reach the SQL compiler. */
export const MemberNameSchema = z
  .string()
  .max(100)
  .regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, 'must look like "cube.member" (lower-case letters, digits, _)');

export const GRANULARITIES = ['day', 'week', 'month', 'quarter', 'year'] as const;
export const GranularitySchema = z.enum(GRANULARITIES);
export type Granularity = z.infer<typeof GranularitySchema>;

export const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

/**
 * Absolute `[from, to]` (inclusive, ISO dates) or relative, resolved in the tenant's time zone: `today`, `yesterday`,
 * `last N days|weeks|months|quarters|years` (N complete periods before the current one), `this week|month|quarter|year`
 * (to date), `last week|month|quarter|year`, `N days ago`.
 */
export const DateRangeSchema = z.union([z.tuple([IsoDateSchema, IsoDateSchema]), z.string().min(1).max(40)]);
export type DateRange = z.infer<typeof DateRangeSchema>;

export const COMPARE_MODES = ['previous_period', 'previous_year'] as const;
export const CompareModeSchema = z.enum(COMPARE_MODES);
export type CompareMode = z.infer<typeof CompareModeSchema>;

export const FILTER_OPERATORS = [
  'equals',
  'notEquals',
  'in',
  'notIn',
  'contains',
  'notContains',
  'startsWith',
  'gt',
  'gte',
  'lt',
  'lte',
  'set',
  'notSet',
  'inDateRange',
  'beforeDate',
  'afterDate',
] as const;
export const FilterOperatorSchema = z.enum(FILTER_OPERATORS);
export type FilterOperator = z.infer<typeof FilterOperatorSchema>;

export const FilterValueSchema = z.union([z.string().max(1000), z.number(), z.boolean()]);
export type FilterValue = z.infer<typeof FilterValueSchema>;

export const MemberFilterSchema = z.strictObject({
  member: MemberNameSchema,
  operator: FilterOperatorSchema,
  values: z.array(FilterValueSchema).max(1000).optional(),
});
export type MemberFilter = z.infer<typeof MemberFilterSchema>;

export type Filter = MemberFilter | { readonly and: readonly Filter[] } | { readonly or: readonly Filter[] };

export const FilterSchema: z.ZodType<Filter> = z.lazy(() =>
  z.union([
    MemberFilterSchema,
    z.strictObject({ and: z.array(FilterSchema).min(1).max(50) }),
    z.strictObject({ or: z.array(FilterSchema).min(1).max(50) }),
  ]),
);

export const TimeDimensionSchema = z.strictObject({
  dimension: MemberNameSchema,
  granularity: GranularitySchema.optional(),
  dateRange: DateRangeSchema.optional(),
});
export type TimeDimension = z.infer<typeof TimeDimensionSchema>;

/**
 * Running totals over the time dimension: each listed measure (one of the query's `measures`, a sum or a ratio of
 * sums) is returned as its running total over the time buckets, per combination of the other dimensions, including
 * everything before the date range (list size = running net growth since the first day). With `reset`, the total
 * restarts at each period (`reset: "month"` with daily buckets = month-to-date), and the first period also counts its
 * days before the date range. Needs `timeDimension.granularity`; the reset period must contain whole buckets
 * (day → week/month/quarter/year, month → quarter/year, quarter → year). Not combinable with filters on measures.
 *
 * @example
 * { measures: ['lists.net_growth'], timeDimension: { dimension: 'date.day', granularity: 'day', dateRange: 'last 90 days' },
 *   cumulative: { measures: ['lists.net_growth'] } }
 */
export const CumulativeSchema = z.strictObject({
  measures: z.array(MemberNameSchema).min(1).max(50),
  reset: GranularitySchema.optional(),
});
export type Cumulative = z.infer<typeof CumulativeSchema>;

/**
 * Top N per group: keeps, within each combination of the `per` dimensions (none: the whole result), the `n`
 * combinations of the other dimensions with the largest `by` (one of the query's measures). Over a time series
 * (`timeDimension.granularity` and the time key not in `per`), an entity is ranked by `by` over the whole date range
 * (ratios of the range's sums), so the same N entities are kept in every bucket ("CTR trend of the top 5 ads").
 * Ties go to the first dimension values in ascending order. `direction: "asc"` keeps the smallest.
 *
 * @example
 * { measures: ['ad_performance.ctr', 'ad_performance.spend'], dimensions: ['ad.name'],
 *   timeDimension: { dimension: 'date.day', granularity: 'week', dateRange: 'last 8 weeks' },
 *   top: { n: 5, by: 'ad_performance.spend' } }
 */
export const TopSchema = z.strictObject({
  n: z.int().min(1).max(1000),
  by: MemberNameSchema,
  per: z.array(MemberNameSchema).max(20).optional(),
  direction: z.enum(['asc', 'desc']).optional(),
});
export type Top = z.infer<typeof TopSchema>;

export const OrderSchema = z.array(z.tuple([MemberNameSchema, z.enum(['asc', 'desc'])])).max(20);

export const MAX_LIMIT = 50_000;
export const DEFAULT_LIMIT = 1_000;

/** The fields of a metrics request; each is validated on its own so that every bad field is reported at once. */
export const MetricsRequestFields = {
  measures: z.array(MemberNameSchema).max(50),
  dimensions: z.array(MemberNameSchema).max(20),
  timeDimension: TimeDimensionSchema,
  compare: CompareModeSchema,
  filters: z.array(FilterSchema).max(50),
  order: OrderSchema,
  limit: z.int().min(1).max(MAX_LIMIT),
  offset: z.int().min(0).max(10_000_000),
  total: z.boolean(),
  cumulative: CumulativeSchema,
  top: TopSchema,
} as const;

export const MetricsRequestSchema = z.strictObject({
  measures: MetricsRequestFields.measures.optional(),
  dimensions: MetricsRequestFields.dimensions.optional(),
  timeDimension: MetricsRequestFields.timeDimension.optional(),
  compare: MetricsRequestFields.compare.optional(),
  filters: MetricsRequestFields.filters.optional(),
  order: MetricsRequestFields.order.optional(),
  limit: MetricsRequestFields.limit.optional(),
  offset: MetricsRequestFields.offset.optional(),
  total: MetricsRequestFields.total.optional(),
  cumulative: MetricsRequestFields.cumulative.optional(),
  top: MetricsRequestFields.top.optional(),
});
export type MetricsRequest = z.infer<typeof MetricsRequestSchema>;

/** The request after normalization: defaults filled in, relative dates resolved (what cache keys hash). */
export const NormalizedQuerySchema = z.object({
  measures: z.array(z.string()),
  dimensions: z.array(z.string()),
  timeDimension: z
    .object({
      dimension: z.string(),
      granularity: GranularitySchema.nullable(),
      dateRange: z.tuple([IsoDateSchema, IsoDateSchema]).nullable(),
      relativeRange: z.string().nullable(),
    })
    .nullable(),
  compare: z.object({ mode: CompareModeSchema, dateRange: z.tuple([IsoDateSchema, IsoDateSchema]) }).nullable(),
  filters: z.array(FilterSchema),
  order: z.array(z.tuple([z.string(), z.enum(['asc', 'desc'])])),
  limit: z.int(),
  offset: z.int(),
  total: z.boolean(),
  /** present only when the request asked for running totals */
  cumulative: z.object({ measures: z.array(z.string()), reset: GranularitySchema.nullable() }).optional(),
  /** present only when the request asked for the top N per group */
  top: z
    .object({ n: z.int(), by: z.string(), per: z.array(z.string()), direction: z.enum(['asc', 'desc']) })
    .optional(),
  timeZone: z.string(),
});
export type NormalizedQuery = z.infer<typeof NormalizedQuerySchema>;

export const MEMBER_FORMATS = ['currency', 'percent', 'number', 'integer', 'duration'] as const;
export const MemberFormatSchema = z.enum(MEMBER_FORMATS);
export type MemberFormat = z.infer<typeof MemberFormatSchema>;

export const MemberTypeSchema = z.enum(['number', 'string', 'boolean', 'time']);
export type MemberType = z.infer<typeof MemberTypeSchema>;

/** How to present one key of a row. `currency` is set for money (an ISO code: the tenant's reporting currency). */
export const AnnotationSchema = z.object({
  title: z.string(),
  kind: z.enum(['measure', 'dimension', 'time', 'previous', 'change']),
  type: MemberTypeSchema,
  format: MemberFormatSchema.optional(),
  currency: z.string().optional(),
  granularity: GranularitySchema.optional(),
});
export type Annotation = z.infer<typeof AnnotationSchema>;

export const CellSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type Cell = z.infer<typeof CellSchema>;
export const RowSchema = z.record(z.string(), CellSchema);
export type Row = z.infer<typeof RowSchema>;

export const FreshnessSchema = z.object({
  /** The oldest last sync among the sources the query's facts come from (ISO timestamp, UTC), or null. */
  lastSyncedAt: z.string().nullable(),
  sources: z.record(z.string(), z.string().nullable()),
});
export type Freshness = z.infer<typeof FreshnessSchema>;

export const MetricsResponseSchema = z.object({
  rows: z.array(RowSchema),
  annotation: z.record(z.string(), AnnotationSchema),
  query: NormalizedQuerySchema,
  /** Rows before limit/offset, when the request asked for `total: true`. */
  total: z.int().nullable(),
  meta: z.object({
    catalogVersion: z.string(),
    timing: z.object({ compileMs: z.number(), executeMs: z.number(), totalMs: z.number() }),
    freshness: FreshnessSchema,
    /**
     * How the response cache answered: `hit` (fresh entry), `stale` (same data generation, past its fresh time, being
     * refreshed), `miss` (computed now), `bypass` (cache unavailable, computed now); `ageSeconds` = age of the data.
     */
    cache: z
      .object({
        hit: z.boolean(),
        status: z.enum(['hit', 'stale', 'miss', 'bypass']).optional(),
        ageSeconds: z.number().optional(),
      })
      .optional(),
  }),
});
export type MetricsResponse = z.infer<typeof MetricsResponseSchema>;
