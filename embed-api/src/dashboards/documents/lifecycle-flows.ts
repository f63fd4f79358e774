import type { DashboardDocument } from '../schema.js';
import { bar, findings, kpi, linesBy, table } from './build.js';

export const lifecycleFlows: DashboardDocument = {
  id: 'lifecycle-flows',
  title: 'Lifecycle Flow Agent',
  description: 'Are the automated flows healthy?',
  kind: 'agent',
  filters: ['dateRange', 'flow'],
  panels: [
    findings(),
    kpi('flow-revenue', 'Flow revenue', 'email_flows.revenue', undefined, 4),
    kpi('revenue-per-recipient', 'Revenue per recipient', 'email_flows.revenue_per_recipient', undefined, 4),
    kpi('bounce-rate', 'Bounce rate', 'email_flows.bounce_rate', undefined, 4),
    kpi('recipients', 'Recipients', 'email_flows.recipients', undefined, 4),
    kpi('delivered', 'Delivered', 'email_flows.delivered', undefined, 4),
    kpi('bounces', 'Bounces', 'email_flows.bounces', undefined, 4),
    table(
      'flows',
      'Flows',
      ['email_flow.name', 'email_flow.trigger_type', 'email_flow.status'],
      [
        'email_flows.recipients',
        'email_flows.open_rate',
        'email_flows.click_rate',
        'email_flows.revenue',
        'email_flows.revenue_per_recipient',
        'email_flows.bounce_rate',
      ],
    ),
    linesBy('rpr-by-flow', 'Revenue per recipient by flow', 'email_flows.revenue_per_recipient', 'email_flow.name', {
      span: 12,
    }),
    bar('bounces-by-flow', 'Bounces by flow', ['email_flows.bounces'], 'email_flow.name', { span: 12 }),
    table(
      'steps',
      'Flow steps',
      ['email_flow.name', 'email_flows.message_name'],
      [
        'email_flows.recipients',
        'email_flows.delivered',
        'email_flows.unique_opens',
        'email_flows.unique_clicks',
        'email_flows.conversions',
        'email_flows.open_rate',
        'email_flows.click_rate',
        'email_flows.bounce_rate',
      ],
      {
        order: [
          ['email_flow.name', 'asc'],
          ['email_flows.recipients', 'desc'],
        ],
      },
    ),
    bar(
      'step-drop-off',
      'Drop-off per flow step',
      ['email_flows.recipients', 'email_flows.unique_opens', 'email_flows.unique_clicks', 'email_flows.conversions'],
      'email_flows.message_name',
      { span: 12 },
    ),
  ],
};
