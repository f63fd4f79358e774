/**
 * PROVISIONAL wire types, written from ARCHITECTURE.md ("The unified metrics query") until the API's wire module
 * (`@miq/embed-api/wire`) lands; then `../types.ts` re-exports those instead and this file goes away.
 */
export type Granularity = 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';
export type DateRange = string | readonly [string, string];
export type Compare = 'previous_period' | 'previous_year';
export type FilterOperator =
  | 'equals'
  | 'notEquals'
  | 'in'
  | 'notIn'
  | 'contains'
  | 'notContains'
  | 'startsWith'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'set'
  | 'notSet'
  | 'inDateRange'
  | 'beforeDate'
  | 'afterDate';
export type FilterValue = string | number | boolean;

export interface MemberFilter {
  readonly member: string;
  readonly operator: FilterOperator;
  readonly values?: readonly FilterValue[];
}
export type Filter = MemberFilter | { readonly and: readonly Filter[] } | { readonly or: readonly Filter[] };

export interface TimeDimension {
  readonly dimension: string;
  readonly granularity?: Granularity;
  readonly dateRange?: DateRange;
}

export interface MetricsQuery {
  readonly measures?: readonly string[];
  readonly dimensions?: readonly string[];
  readonly timeDimension?: TimeDimension;
  readonly compare?: Compare;
  readonly filters?: readonly Filter[];
  readonly order?: readonly (readonly [string, 'asc' | 'desc'])[];
  readonly limit?: number;
  readonly offset?: number;
  readonly total?: boolean;
}

export interface MemberAnnotation {
  readonly title: string;
  readonly type: string;
  readonly format?: string;
}

export interface MetricsResponse {
  readonly data: readonly Record<string, unknown>[];
  readonly annotation: Readonly<Record<string, MemberAnnotation>>;
  readonly query: MetricsQuery;
  readonly meta?: Readonly<Record<string, unknown>>;
}

export type SchemaResponse = Readonly<Record<string, unknown>>;
export type HealthResponse = Readonly<Record<string, unknown>>;
export type FiltersResponse = Readonly<Record<string, unknown>>;
export type TrendsParams = Readonly<Record<string, unknown>>;
export type TrendsResponse = Readonly<Record<string, unknown>>;
export type DashboardList = Readonly<Record<string, unknown>>;
export type Dashboard = Readonly<Record<string, unknown>>;
export type DashboardState = Readonly<Record<string, unknown>>;
export type DashboardData = Readonly<Record<string, unknown>>;
export type SavedView = Readonly<Record<string, unknown>> & { readonly id: string };
export type SavedViewList = Readonly<Record<string, unknown>>;
export type AgentQueryRequest = { readonly question: string } & Readonly<Record<string, unknown>>;
export type AgentQueryResponse = Readonly<Record<string, unknown>>;
export type AgentRecommendRequest = { readonly dashboard: string } & Readonly<Record<string, unknown>>;
export type AgentRecommendResponse = Readonly<Record<string, unknown>>;
export type AlertsParams = Readonly<Record<string, unknown>>;
export type AlertsResponse = Readonly<Record<string, unknown>>;
