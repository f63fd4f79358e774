/**
 * `@miq/widgets`: Marketing IQ web components. Importing this module defines nothing and touches no DOM; call
 * `defineElements()` (or import `@miq/widgets/define`) to register the tags.
 *
 * @example
 * import { defineElements } from '@miq/widgets';
 * defineElements();
 * document.body.innerHTML = '<miq-dashboard id="overview" api-base="https://analytics.example.com"></miq-dashboard>';
 */
import { MiqChart } from './components/chart/chart.js';
import { MiqDashboard } from './components/dashboard/dashboard.js';
import { MiqFilterBar } from './components/filter-bar/filter-bar.js';
import { MiqKpi } from './components/kpi/kpi.js';
import { MiqTable } from './components/table/table.js';

export type { MiqAlerts, MiqAsk, MiqInsights } from './agents.js';
export type { ChartTokens } from './charts/themes/read-tokens.js';
export type { MiqSavedViews } from './components/saved-views/saved-views.js';
export type { MiqEnv, ResolvedTheme, ThemeSetting } from './context/env-context.js';
export {
  type CrossFilter,
  DATE_PRESETS,
  type DatePreset,
  type FilterState,
  INITIAL_FILTER_STATE,
} from './context/filter-state.js';
export type * from './events/index.js';
export type {
  AgentAnswer,
  AgentQueryResponse,
  AgentRefusal,
  Alert,
  AlertsResponse,
  Finding,
  RecommendResponse,
} from './internal/agents-wire.js';
export type { DashboardDocument, DashboardPanel } from './internal/dashboard-document.js';
export { MiqChart, MiqDashboard, MiqFilterBar, MiqKpi, MiqTable };

/** Registers every `miq-*` element (skipping tags already defined). */
export function defineElements(registry: CustomElementRegistry = customElements): void {
  const tags = [
    ['miq-dashboard', MiqDashboard],
    ['miq-chart', MiqChart],
    ['miq-kpi', MiqKpi],
    ['miq-table', MiqTable],
    ['miq-filter-bar', MiqFilterBar],
  ] as const;
  for (const [tag, cls] of tags) if (!registry.get(tag)) registry.define(tag, cls);
  void loadAgentElements(registry);
}

/**
 * Loads the agent elements' chunk and registers `miq-insights`, `miq-alerts` and `miq-ask`; `defineElements()` starts
 * it, await it before using their properties.
 */
export async function loadAgentElements(registry: CustomElementRegistry = customElements): Promise<void> {
  (await import('./agents.js')).defineAgentElements(registry);
}
