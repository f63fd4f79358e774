import type { DashboardDocument } from '../schema.js';
import { alerts, findings, kpi, table, trend } from './build.js';

export const anomalies: DashboardDocument = {
  id: 'anomalies',
  title: 'Anomaly Watch Agent',
  description: 'What changed unexpectedly, and why?',
  kind: 'agent',
  filters: ['dateRange', 'platform', 'account'],
  panels: [
    alerts(),
    findings(),
    kpi('clicks-total', 'Clicks', 'ads.clicks', undefined, 4),
    kpi('conversions-total', 'Conversions', 'ads.conversions', undefined, 4),
    kpi('sessions-total', 'Sessions', 'ga4.sessions', undefined, 4),
    trend('spend', 'Daily spend', ['ads.spend'], { span: 6 }),
    trend('clicks', 'Daily clicks', ['ads.clicks'], { span: 6 }),
    trend('conversions', 'Daily conversions', ['ads.conversions'], { span: 6 }),
    trend('cpa-roas', 'Daily CPA and ROAS', ['ads.cpa', 'ads.roas'], { span: 6 }),
    trend('sessions', 'Daily sessions', ['ga4.sessions'], { span: 6 }),
    trend('email-revenue', 'Daily email revenue', ['email_campaigns.revenue', 'email_flows.revenue'], { span: 6 }),
    table('campaign-changes', 'Campaign setting changes', ['campaign.name'], ['campaign_changes.changes'], { span: 6 }),
    table(
      'ad-group-changes',
      'Ad group setting changes',
      ['ad_group.name'],
      ['ad_group_changes.changes', 'ad_group_changes.cpc_bid'],
      { span: 6 },
    ),
  ],
};
