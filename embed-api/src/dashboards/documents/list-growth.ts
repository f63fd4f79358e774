import type { DashboardDocument } from '../schema.js';
import { findings, kpi, linesBy, table, trend } from './build.js';

export const listGrowth: DashboardDocument = {
  id: 'list-growth',
  title: 'List & Segment Growth Agent',
  description: 'Is the audience growing?',
  kind: 'agent',
  filters: ['dateRange'],
  panels: [
    findings(),
    kpi('campaign-recipients', 'Campaign recipients', 'email_campaigns.recipients', undefined, 4),
    kpi('unsubscribes', 'Unsubscribes', 'email_campaigns.unsubscribes', undefined, 4),
    kpi('flow-recipients', 'Flow recipients', 'email_flows.recipients', undefined, 4),
    kpi('campaign-delivered', 'Campaign messages delivered', 'email_campaigns.delivered', undefined, 4),
    trend(
      'reach-by-week',
      'Recipients reached per week (campaigns and flows)',
      ['email_campaigns.recipients', 'email_flows.recipients'],
      { granularity: 'week' },
    ),
    trend(
      'removals-by-week',
      'Unsubscribes and spam complaints per week',
      ['email_campaigns.unsubscribes', 'email_campaigns.spam_complaints'],
      { granularity: 'week' },
    ),
    table(
      'flow-entries',
      'Flow entries (recipients) by trigger',
      ['email_flow.trigger_type'],
      ['email_flows.recipients', 'email_flows.unsubscribes'],
    ),
    linesBy('list-size', 'List size over time', 'lists.net_growth', 'list.name', {
      cumulative: { measures: ['lists.net_growth'] },
      yTitle: 'Members',
      limit: 5000,
    }),
    linesBy('segment-sizes', 'Segment sizes over time', 'segments.net_growth', 'segment.name', {
      cumulative: { measures: ['segments.net_growth'] },
      yTitle: 'Members',
      limit: 5000,
    }),
    trend('list-net-growth', 'List net growth by week', ['lists.net_growth'], { granularity: 'week' }),
    table('lists', 'Lists: adds and removals', ['list.name'], ['lists.adds', 'lists.removals', 'lists.net_growth']),
    table(
      'segments',
      'Segments: adds and removals',
      ['segment.name'],
      ['segments.adds', 'segments.removals', 'segments.net_growth'],
    ),
  ],
};
