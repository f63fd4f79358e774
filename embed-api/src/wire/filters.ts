/**
 * Wire schemas of filter options (`GET /api/v1/filters/{type}`) and trends (`GET /api/v1/trends`). The routes parse
 * their query strings with these schemas and the OpenAPI document is generated from them.
 *
 * @example
 * const res: FilterOptionsResponse = await (await fetch('/api/v1/filters/campaigns?search=brand', { headers })).json();
 */
import { z } from 'zod';
import {
  AnnotationSchema,
  CompareModeSchema,
  FreshnessSchema,
  GranularitySchema,
  MemberNameSchema,
} from './metrics.js';

/** Filter types → the dimension whose values are offered (`value`) and the one shown (`label`). */
export const FILTER_TYPES = {
  accounts: { value: 'account.id', label: 'account.name' },
  campaigns: { value: 'campaign.id', label: 'campaign.name' },
  'ad-groups': { value: 'ad_group.id', label: 'ad_group.name' },
  'ad-sets': { value: 'ad_set.id', label: 'ad_set.name' },
  ads: { value: 'ad.id', label: 'ad.name' },
  keywords: { value: 'keyword.id', label: 'keyword.text' },
  devices: { value: 'device.code', label: 'device.name' },
  platforms: { value: 'platform.code', label: 'platform.name' },
  countries: { value: 'country.code', label: 'country.name' },
  'source-medium': { value: 'source_medium.key', label: 'source_medium.key' },
  'email-campaigns': { value: 'email_campaign.id', label: 'email_campaign.name' },
  flows: { value: 'email_flow.id', label: 'email_flow.name' },
  lists: { value: 'list.key', label: 'list.name' },
  segments: { value: 'segment.key', label: 'segment.name' },
} as const satisfies Record<string, { readonly value: string; readonly label: string }>;
export type FilterType = keyof typeof FILTER_TYPES;
export const FilterTypeSchema = z.enum(Object.keys(FILTER_TYPES) as [FilterType, ...FilterType[]]);

export const FILTER_OPTIONS_DEFAULT_LIMIT = 50;
export const FILTER_OPTIONS_MAX_LIMIT = 500;

/** Query string of `GET /filters/{type}`: `search` (case-insensitive substring of label or value), paging. */
export const FilterOptionsQuerySchema = z.strictObject({
  search: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(FILTER_OPTIONS_MAX_LIMIT).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
});
export type FilterOptionsQuery = z.infer<typeof FilterOptionsQuerySchema>;

export const FilterOptionSchema = z.object({ value: z.string(), label: z.string() });

export const CacheMetaSchema = z.object({
  hit: z.boolean(),
  status: z.enum(['hit', 'stale', 'miss', 'bypass']).optional(),
  ageSeconds: z.number().optional(),
});

export const FilterOptionsResponseSchema = z.object({
  type: FilterTypeSchema,
  /** The member to filter on with the chosen values (`{ member, operator: 'in', values }`). */
  member: z.string(),
  options: z.array(FilterOptionSchema),
  /** Options matching the search, before paging. */
  total: z.int(),
  limit: z.int(),
  offset: z.int(),
  hasMore: z.boolean(),
  meta: z.object({ catalogVersion: z.string(), cache: CacheMetaSchema.optional() }),
});
export type FilterOptionsResponse = z.infer<typeof FilterOptionsResponseSchema>;

/**
 * Query string of `GET /trends`: one metric over time. `dateRange` is relative (`last 30 days`, default) or
 * `YYYY-MM-DD,YYYY-MM-DD`; `compare` defaults to `previous_period` (`none` = no comparison); `filters` is a JSON array
 * of metrics-query filters.
 */
export const TrendsQuerySchema = z.strictObject({
  metric: MemberNameSchema,
  granularity: GranularitySchema.optional(),
  dateRange: z.string().min(1).max(40).optional(),
  compare: z.union([CompareModeSchema, z.literal('none')]).optional(),
  filters: z.string().max(2000).optional(),
});
export type TrendsQuery = z.infer<typeof TrendsQuerySchema>;

const NumberOrNull = z.number().nullable();

export const TrendPointSchema = z.object({
  /** Start of the time bucket (ISO date). */
  date: z.string(),
  value: NumberOrNull,
  previous: NumberOrNull.optional(),
  change: NumberOrNull.optional(),
});

export const TrendsResponseSchema = z.object({
  metric: z.string(),
  granularity: GranularitySchema,
  dateRange: z.tuple([z.string(), z.string()]),
  compare: z.object({ mode: CompareModeSchema, dateRange: z.tuple([z.string(), z.string()]) }).nullable(),
  points: z.array(TrendPointSchema),
  /** The metric over the whole range (a ratio is the ratio of sums, not an average of points). */
  summary: z.object({ value: NumberOrNull, previous: NumberOrNull.optional(), change: NumberOrNull.optional() }),
  annotation: AnnotationSchema.optional(),
  meta: z.object({ catalogVersion: z.string(), freshness: FreshnessSchema, cache: CacheMetaSchema.optional() }),
});
export type TrendsResponse = z.infer<typeof TrendsResponseSchema>;
