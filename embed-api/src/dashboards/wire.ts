/**
 * The dashboards' wire types for clients (`@miq/embed-api/wire/dashboards`): what `GET /dashboards`,
 * `GET /dashboards/{id}` and the saved-view routes answer. Types only, plus the saved view's input schema.
 */
export type { ResolvedDashboard } from './resolve.js';
export type { DashboardDocument, DashboardPanel, DefaultFilters, SavedViewInput } from './schema.js';
export { SavedViewInputSchema } from './schema.js';
export type { SavedView } from './store.js';

/** One entry of `GET /api/v1/dashboards`. */
export interface DashboardSummary {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly kind: 'platform' | 'agent';
}
