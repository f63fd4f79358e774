import type { DashboardDocument } from '../schema.js';
import { alerts, findings, trend } from './build.js';

export const anomalies: DashboardDocument = {
  id: 'anomalies',
  title: 'Anomaly Watch Agent',
  description: 'What changed unexpectedly, and why?',
  kind: 'agent',
  filters: ['dateRange', 'platform', 'account'],
  panels: [
    alerts(),
    findings(),
    trend('spend', 'Daily spend', ['ads.spend'], { span: 6 }),
    trend('clicks', 'Daily clicks', ['ads.clicks'], { span: 6 }),
    trend('conversions', 'Daily conversions', ['ads.conversions'], { span: 6 }),
    trend('cpa-roas', 'Daily CPA and ROAS', ['ads.cpa', 'ads.roas'], { span: 6 }),
    trend('sessions', 'Daily sessions', ['ga4.sessions'], { span: 6 }),
    trend('email-revenue', 'Daily email revenue', ['email_campaigns.revenue', 'email_flows.revenue'], { span: 6 }),
  ],
};
