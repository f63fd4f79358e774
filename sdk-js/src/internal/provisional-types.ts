/**
 * PROVISIONAL wire types for the routes whose response schemas are not yet exported by `@miq/embed-api` (dashboards,
 * saved views). Each is replaced by a re-export in `../types.ts` as its schema is exported (agents and alerts are).
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
