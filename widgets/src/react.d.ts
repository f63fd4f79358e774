/**
 * JSX typing for React 19 hosts: `import type {} from '@miq/widgets/react'` once, then `<miq-dashboard>` and friends
 * are typed in TSX. React 19 sets known properties (`client`, `tokenProvider`, `definition`) as properties and wires
 * `on<event-name>` props to the widgets' custom events.
 *
 * @example
 * <miq-dashboard id="overview" api-base={url} tokenProvider={fetchToken} onmiq-filter-change={(e) => save(e.detail.state)} />
 */
import type { HTMLAttributes, Key, Ref } from 'react';
import type { MiqAlerts } from './components/alerts/alerts.js';
import type { MiqAsk } from './components/ask/ask.js';
import type { MiqChart } from './components/chart/chart.js';
import type { MiqDashboard } from './components/dashboard/dashboard.js';
import type { MiqFilterBar } from './components/filter-bar/filter-bar.js';
import type { MiqInsights } from './components/insights/insights.js';
import type { MiqKpi } from './components/kpi/kpi.js';
import type { MiqTable } from './components/table/table.js';
import type { ThemeSetting } from './context/env-context.js';
import type { MiqEventDetails } from './events/index.js';
import type { MiqClientLike } from './internal/client.js';
import type { DashboardDocument, DashboardPanel } from './internal/dashboard-document.js';
import type { MetricsQuery } from './internal/wire.js';

type MiqEventProps = {
  [K in keyof MiqEventDetails as `on${K}`]?: (event: CustomEvent<MiqEventDetails[K]>) => void;
};

type MiqCommonProps<E> = Omit<HTMLAttributes<E>, 'className'> &
  MiqEventProps & {
    key?: Key;
    ref?: Ref<E>;
    class?: string;
    token?: string;
    'api-base'?: string;
    locale?: string;
    currency?: string;
    'time-zone'?: string;
    theme?: ThemeSetting;
    tokenProvider?: () => Promise<string>;
    client?: MiqClientLike;
  };

type MiqPanelProps<E> = MiqCommonProps<E> & {
  dashboard?: string;
  panel?: string;
  heading?: string;
  query?: MetricsQuery;
  definition?: DashboardPanel;
};

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'miq-dashboard': MiqCommonProps<MiqDashboard> & {
        dashboard?: string;
        definition?: DashboardDocument;
        view?: string;
        'no-views'?: boolean;
      };
      'miq-chart': MiqPanelProps<MiqChart> & { spec?: Record<string, unknown>; 'table-view'?: boolean };
      'miq-kpi': MiqPanelProps<MiqKpi>;
      'miq-table': MiqPanelProps<MiqTable> & { 'page-size'?: number };
      'miq-filter-bar': MiqCommonProps<MiqFilterBar> & { filters?: string };
      'miq-insights': MiqCommonProps<MiqInsights> & { dashboard?: string; heading?: string };
      'miq-alerts': MiqCommonProps<MiqAlerts> & { heading?: string; sensitivity?: number; days?: number };
      'miq-ask': MiqCommonProps<MiqAsk> & { question?: string; heading?: string };
    }
  }
}
