import type { DashboardDocument } from '../schema.js';
import { kpi, table, trend } from './build.js';

export const klaviyo: DashboardDocument = {
  id: 'klaviyo',
  title: 'Email & SMS (Klaviyo)',
  description: 'Campaign sends and automated flows: engagement and revenue.',
  kind: 'platform',
  filters: ['dateRange', 'emailCampaign', 'flow'],
  panels: [
    kpi('recipients', 'Campaign recipients', 'email_campaigns.recipients'),
    kpi('open-rate', 'Open rate', 'email_campaigns.open_rate'),
    kpi('click-rate', 'Click rate', 'email_campaigns.click_rate'),
    kpi('conversions', 'Conversions', 'email_campaigns.conversions'),
    kpi('revenue', 'Campaign revenue', 'email_campaigns.revenue'),
    kpi('revenue-per-recipient', 'Revenue per recipient', 'email_campaigns.revenue_per_recipient'),
    kpi('unsubscribe-rate', 'Unsubscribe rate', 'email_campaigns.unsubscribe_rate'),
    kpi('flow-revenue', 'Flow revenue', 'email_flows.revenue'),
    kpi('delivered', 'Campaign messages delivered', 'email_campaigns.delivered'),
    kpi('flow-recipients', 'Flow recipients', 'email_flows.recipients'),
    trend('campaign-vs-flow-revenue', 'Campaign vs flow revenue', ['email_campaigns.revenue', 'email_flows.revenue'], {
      granularity: 'week',
    }),
    table(
      'campaigns',
      'Campaigns',
      ['email_campaign.name', 'email_campaign.channel'],
      [
        'email_campaigns.recipients',
        'email_campaigns.open_rate',
        'email_campaigns.click_rate',
        'email_campaigns.conversions',
        'email_campaigns.revenue',
        'email_campaigns.revenue_per_recipient',
      ],
    ),
    table(
      'flows',
      'Flows',
      ['email_flow.name', 'email_flow.trigger_type'],
      [
        'email_flows.recipients',
        'email_flows.open_rate',
        'email_flows.click_rate',
        'email_flows.conversions',
        'email_flows.revenue',
        'email_flows.revenue_per_recipient',
      ],
    ),
  ],
};
