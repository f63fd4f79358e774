import type { DashboardDocument } from '../schema.js';
import { bar, kpi, stackedArea, table } from './build.js';

export const overview: DashboardDocument = {
  id: 'overview',
  title: 'Cross-channel overview',
  description: 'Paid media, website and email in one view, in the reporting currency.',
  kind: 'platform',
  filters: ['dateRange', 'platform', 'device'],
  panels: [
    kpi('spend', 'Spend', 'ads.spend'),
    kpi('conversions', 'Conversions', 'ads.conversions'),
    kpi('clicks', 'Clicks', 'ads.clicks', undefined, 4),
    kpi('conversion-value', 'Conversion value', 'ads.conversion_value'),
    kpi('roas', 'ROAS', 'ads.roas'),
    kpi('cpa', 'CPA', 'ads.cpa', undefined, 3),
    kpi('sessions', 'Sessions (GA4)', 'ga4.sessions', undefined, 3),
    kpi('email-campaign-revenue', 'Email campaign revenue', 'email_campaigns.revenue', undefined, 3),
    kpi('email-flow-revenue', 'Email flow revenue', 'email_flows.revenue', undefined, 3),
    stackedArea('spend-by-platform', 'Spend by platform', 'ads.spend', 'platform.name'),
    stackedArea('value-by-platform', 'Conversion value by platform', 'ads.conversion_value', 'platform.name'),
    bar('platform-mix', 'Platform mix', ['ads.spend', 'ads.conversion_value'], 'platform.name', { span: 12 }),
    table(
      'top-campaigns',
      'Top 10 campaigns by spend',
      ['campaign.name', 'platform.name'],
      ['ads.spend', 'ads.conversions', 'ads.conversion_value', 'ads.roas', 'ads.cpa'],
      { limit: 10 },
    ),
  ],
};
