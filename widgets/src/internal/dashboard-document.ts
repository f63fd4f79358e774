/**
 * The dashboard document as `GET /api/v1/dashboards/{id}` serves it (DASHBOARDS.md). Kept here until the API's wire
 * module declares it.
 */
import type { MetricsQuery } from './wire.js';

export type PanelType = 'kpi' | 'table' | 'chart';

export interface PanelBase {
  readonly id: string;
  readonly type: PanelType;
  readonly title: string;
  readonly description?: string;
  /** Columns out of 12. */
  readonly span?: number;
  readonly query: MetricsQuery;
}

export interface KpiPanel extends PanelBase {
  readonly type: 'kpi';
}

export interface TablePanel extends PanelBase {
  readonly type: 'table';
  readonly pageSize?: number;
}

export interface ChartPanel extends PanelBase {
  readonly type: 'chart';
  /** A Vega-Lite spec whose data is `{ name: 'rows' }`. */
  readonly spec: Record<string, unknown>;
}

/** Agent output (findings of `POST /agents/recommend`, or active alerts): "no findings yet" until the agents serve them. */
export interface AgentPanel {
  readonly id: string;
  readonly type: 'findings' | 'alerts';
  readonly title: string;
  readonly description?: string;
  readonly span?: number;
}

export type DashboardPanel = KpiPanel | TablePanel | ChartPanel;

/** Any panel of a document: a query panel or an agent panel. */
export type DocumentPanel = DashboardPanel | AgentPanel;

export interface DashboardDocument {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
  /** Filter types the filter bar offers: `dateRange` plus filter-option types (`account`, `campaign`, ...). */
  readonly filters: readonly string[];
  readonly panels: readonly DocumentPanel[];
  readonly currency?: string;
  readonly timeZone?: string;
  readonly freshness?: readonly { readonly source: string; readonly lastSyncedAt: string }[];
  /** The token's locked filters (member → values): always applied by the API, shown but never removable. */
  readonly lockedFilters?: Readonly<Record<string, readonly (string | number)[]>>;
  /**
   * The tenant's default filters (partner customisation): the state a user starts from. `dateRange` is a preset or its
   * relative range (`last 7 days`); selections are keyed by member or filter name.
   */
  readonly defaultFilters?: {
    readonly dateRange?: string;
    readonly compare?: boolean;
    readonly selections?: Readonly<Record<string, readonly (string | number)[]>>;
  };
}
