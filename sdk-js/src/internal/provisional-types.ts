/**
 * PROVISIONAL wire types for the routes whose schemas are not yet in `@miq/embed-api/wire` (dashboards, saved
 * views, agents, alerts). Each is replaced by a re-export in `../types.ts` as its route lands.
 */
type Json = Readonly<Record<string, unknown>>;

export type DashboardList = Json;
export type Dashboard = Json;
export type DashboardState = Json;
export type DashboardData = Json;
/** What a user saves: a name and the dashboard's state (filters, date range...), at most 16 000 bytes as JSON. */
export interface SavedViewInput {
  readonly name: string;
  readonly state: Json;
}
export type SavedView = SavedViewInput & Json & { readonly id: string };
export interface SavedViewList {
  readonly views: readonly SavedView[];
}
export type AgentQueryRequest = { readonly question: string } & Json;
export type AgentQueryResponse = Json;
export type AgentRecommendRequest = { readonly dashboard: string } & Json;
export type AgentRecommendResponse = Json;
export type AlertsParams = Readonly<Record<string, string | number | boolean | undefined>>;
export type AlertsResponse = Json;
