/**
 * PROVISIONAL wire types for the routes whose schemas are not yet in `@miq/embed-api/wire` (filters, trends,
 * dashboards, saved views, agents, alerts). Each is replaced by a re-export in `../types.ts` as its route lands.
 */
type Json = Readonly<Record<string, unknown>>;

/** `POST /api/v1/metrics/batch` (the API declares this shape in its route, not yet in the wire module). */
export interface MetricsBatchRequest {
  /** Caches the whole answer in the dashboard tier under this id. */
  readonly dashboard?: string;
  /** 1 to 25 queries. */
  readonly queries: readonly import('@miq/embed-api/wire').MetricsRequest[];
}
export interface MetricsBatchResponse {
  readonly results: import('@miq/embed-api/wire').MetricsResponse[];
  readonly meta: { readonly cache: { readonly hit: boolean; readonly status: string; readonly ageSeconds: number } };
}

export type HealthResponse = {
  readonly status: 'ok' | 'unavailable';
  readonly catalogVersion: string;
  readonly checks: Readonly<Record<string, { readonly status: string; readonly latencyMs: number }>>;
};
export type FilterOptionsResponse = Json;
export type TrendsParams = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;
export type TrendsResponse = Json;
export type DashboardList = Json;
export type Dashboard = Json;
export type DashboardState = Json;
export type DashboardData = Json;
export type SavedView = Json & { readonly id: string };
export type SavedViewList = Json;
export type AgentQueryRequest = { readonly question: string } & Json;
export type AgentQueryResponse = Json;
export type AgentRecommendRequest = { readonly dashboard: string } & Json;
export type AgentRecommendResponse = Json;
export type AlertsParams = Readonly<Record<string, string | number | boolean | undefined>>;
export type AlertsResponse = Json;
