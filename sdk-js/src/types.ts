/**
 * The wire types the client speaks, imported as types only from the API's wire module: nothing of its schema
 * library reaches a bundle.
 */
import type {
  BatchRequestSchema,
  BatchResponseSchema,
  CompareMode,
  DateRange,
  Filter,
  Granularity,
  HealthResponseSchema,
  MetricsRequest,
} from '@miq/embed-api/wire';
import type {
  AgentQueryRequestSchema,
  AgentQueryResponseSchema,
  AlertsResponseSchema,
  RecommendRequestSchema,
  RecommendResponseSchema,
} from '@miq/embed-api/wire/agents';
import type { DashboardSummary, ResolvedDashboard, SavedView } from '@miq/embed-api/wire/dashboards';
import type { z } from 'zod';

export type {
  Annotation,
  Cell,
  CompareMode,
  DateRange,
  DimensionInfo,
  ErrorBody,
  Filter,
  FilterOperator,
  FilterOptionsResponse,
  FilterType,
  FilterValue,
  Granularity,
  MeasureInfo,
  MemberFilter,
  MemberFormat,
  MemberType,
  MetricsRequest,
  MetricsResponse,
  NormalizedQuery,
  Row,
  SchemaResponse,
  TimeDimension,
  TrendsResponse,
} from '@miq/embed-api/wire';
/** The unified metrics query (the request body of `POST /api/v1/metrics`). */
export type MetricsQuery = MetricsRequest;
export type HealthResponse = z.infer<typeof HealthResponseSchema>;
/** `POST /api/v1/metrics/batch`: up to 25 queries, cached as one dashboard-tier entry under `dashboard`. */
export type MetricsBatchRequest = z.input<typeof BatchRequestSchema>;
export type MetricsBatchResponse = z.infer<typeof BatchResponseSchema>;

/**
 * `GET /api/v1/trends`, typed like the metrics query (the client turns it into the route's query string:
 * `dateRange` as `from,to` or relative text, `filters` as JSON).
 */
export interface TrendsParams {
  readonly metric: string;
  readonly granularity?: Granularity;
  /** Default `last 30 days`. */
  readonly dateRange?: DateRange;
  /** Default `previous_period`; `none` for no comparison. */
  readonly compare?: CompareMode | 'none';
  readonly filters?: readonly Filter[];
}

/** `GET /api/v1/dashboards`: the dashboards the token may open. */
export interface DashboardList {
  readonly dashboards: readonly DashboardSummary[];
}
/** `GET /api/v1/dashboards/{id}`: the document resolved for the token's tenant (currency, zone, locks, customisation). */
export type Dashboard = ResolvedDashboard;
export interface SavedViewList {
  readonly views: readonly SavedView[];
}
export type {
  DashboardDocument,
  DashboardPanel,
  DashboardSummary,
  DefaultFilters,
  SavedView,
  SavedViewInput,
} from '@miq/embed-api/wire/dashboards';

/** `POST /api/v1/agents/query`: a question in words; the answer (query, rows, sentence, chart) or a refusal. */
export type AgentQueryRequest = z.input<typeof AgentQueryRequestSchema>;
export type AgentQueryResponse = z.infer<typeof AgentQueryResponseSchema>;
/** `POST /api/v1/agents/recommend`: one agent dashboard's ranked findings and the rules it could not apply. */
export type AgentRecommendRequest = z.input<typeof RecommendRequestSchema>;
export type AgentRecommendResponse = z.infer<typeof RecommendResponseSchema>;
/** `GET /api/v1/alerts`: robust-z sensitivity 2…10 (lower = more alerts) and the days evaluated (7…90). */
export type AlertsParams = {
  readonly sensitivity?: number;
  readonly days?: number;
};
export type AlertsResponse = z.infer<typeof AlertsResponseSchema>;
export type { AgentAnswer, AgentRefusal, Alert, Finding } from '@miq/embed-api/wire/agents';
