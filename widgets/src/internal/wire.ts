/**
 * Interim copy of the metrics wire shapes the widgets read, until `@miq/embed-api/wire` lands.
 * Only the fields the widgets use are declared; everything else passes through untouched.
 */
export type MemberFormat = 'currency' | 'percent' | 'number' | 'integer' | 'duration';
export type CompareMode = 'previous_period' | 'previous_year';
export type FilterOperator = 'equals' | 'notEquals' | 'in' | 'notIn' | 'gt' | 'gte' | 'lt' | 'lte' | 'contains';

export interface QueryFilter {
  readonly member: string;
  readonly operator: FilterOperator | string;
  readonly values: readonly (string | number)[];
}

export interface TimeDimension {
  readonly dimension: string;
  readonly granularity?: 'day' | 'week' | 'month' | 'quarter' | 'year' | 'hour';
  readonly dateRange?: readonly [string, string] | string;
}

export interface MetricsQuery {
  readonly measures?: readonly string[];
  readonly dimensions?: readonly string[];
  readonly timeDimension?: TimeDimension;
  readonly compare?: CompareMode;
  readonly filters?: readonly QueryFilter[];
  readonly order?: readonly (readonly [string, 'asc' | 'desc'])[];
  readonly limit?: number;
  readonly offset?: number;
}

export interface MemberAnnotation {
  readonly title: string;
  readonly type?: string;
  readonly format?: MemberFormat;
  readonly currency?: string;
  /** `true` when a higher value is good for the business (revenue); `false` for costs. */
  readonly higherIsBetter?: boolean;
}

export type MetricsValue = string | number | boolean | null;
export type MetricsRow = Readonly<Record<string, MetricsValue>>;

export interface MetricsResponse {
  readonly rows: readonly MetricsRow[];
  readonly annotation: Readonly<Record<string, MemberAnnotation>>;
  readonly query?: MetricsQuery;
  readonly compare?: { readonly rows: readonly MetricsRow[] } | null;
  readonly meta?: {
    readonly freshness?: readonly { readonly source: string; readonly lastSyncedAt: string }[];
  } & Record<string, unknown>;
}

export interface FilterOption {
  readonly value: string;
  readonly label: string;
}

export interface FilterOptionsResponse {
  readonly member?: string;
  readonly options: readonly FilterOption[];
  readonly total?: number;
}
