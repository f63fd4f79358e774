/**
 * The query between stages. `ValidatedQuery` has every member resolved against the catalog; `NormalizedPlanInput`
 * adds resolved dates and defaults. All of it is immutable data with `kind` discriminants.
 */
import type { CompareMode, FilterOperator, Granularity, NormalizedQuery } from '../../wire/index.js';
import type { DimensionMember, MetricMember, TimeMember } from '../catalog/types.js';
import type { DateRangeTuple } from './dates.js';

export type FilterScalar = string | number | boolean;

export type ResolvedFilter =
  | { readonly kind: 'and'; readonly children: readonly ResolvedFilter[] }
  | { readonly kind: 'or'; readonly children: readonly ResolvedFilter[] }
  | {
      readonly kind: 'dimension';
      readonly member: DimensionMember | TimeMember;
      readonly operator: FilterOperator;
      readonly values: readonly FilterScalar[];
    }
  | {
      readonly kind: 'measure';
      readonly member: MetricMember;
      readonly operator: FilterOperator;
      readonly values: readonly number[];
    };

export interface OutputDimension {
  /** The row key (`campaign.name`, `date.week`). */
  readonly key: string;
  readonly member: DimensionMember | TimeMember;
}

export interface ValidatedQuery {
  readonly measures: readonly MetricMember[];
  readonly dimensions: readonly OutputDimension[];
  readonly time: {
    readonly member: TimeMember;
    readonly granularity: Granularity | null;
    readonly dateRange: DateRangeTuple | string | null;
  } | null;
  readonly compare: CompareMode | null;
  /** Top-level AND of filters on dimensions (before aggregation). */
  readonly dimensionFilters: readonly ResolvedFilter[];
  /** Top-level AND of filters on measures (after aggregation). */
  readonly measureFilters: readonly ResolvedFilter[];
  /** Metrics used only by filters or order (computed, not returned). */
  readonly hiddenMeasures: readonly MetricMember[];
  /** Dimension-only queries: the facts that reach every dimension used; those the locks reach are read. */
  readonly baseFacts: readonly string[];
  readonly order: readonly { readonly key: string; readonly direction: 'asc' | 'desc' }[];
  readonly limit: number;
  readonly offset: number;
  readonly total: boolean;
  /** Running totals over the time buckets (`cumulative`): these output metrics, restarting every `reset` period. */
  readonly cumulative: {
    readonly measures: readonly MetricMember[];
    readonly reset: Granularity | null;
  } | null;
  /** Top N per group: `per` are output keys (dimensions or the time key); `by` is one of `measures`. */
  readonly top: {
    readonly n: number;
    readonly by: MetricMember;
    readonly per: readonly string[];
    readonly direction: 'asc' | 'desc';
  } | null;
  /** The request's filters as sent (after validation), for the normalized query echo. */
  readonly rawFilters: NormalizedQuery['filters'];
}

export interface NormalizedPlanInput extends Omit<ValidatedQuery, 'time'> {
  readonly time: {
    readonly member: TimeMember;
    readonly granularity: Granularity | null;
    readonly range: DateRangeTuple | null;
    readonly relative: string | null;
  } | null;
  readonly compareRange: DateRangeTuple | null;
  readonly normalized: NormalizedQuery;
  /** The facts the query reads (the metrics' facts, or for a dimension-only query every fact it can be answered from). */
  readonly facts: readonly string[];
}
