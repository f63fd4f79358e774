import type { DashboardDocument } from '../schema.js';
import { bar, findings, kpi, table, trend } from './build.js';

export const emailCampaigns: DashboardDocument = {
  id: 'email-campaigns',
  title: 'Email Campaign Agent',
  description: 'Which sends work, and when?',
  kind: 'agent',
  filters: ['dateRange', 'emailCampaign'],
  panels: [
    findings(),
    kpi('open-rate', 'Open rate', 'email_campaigns.open_rate', undefined, 4),
    kpi('click-rate', 'Click rate', 'email_campaigns.click_rate', undefined, 4),
    kpi('revenue-per-recipient', 'Revenue per recipient', 'email_campaigns.revenue_per_recipient', undefined, 4),
    kpi('recipients', 'Recipients', 'email_campaigns.recipients', undefined, 4),
    kpi('delivered', 'Delivered', 'email_campaigns.delivered', undefined, 4),
    kpi('bounces', 'Bounces', 'email_campaigns.bounces', undefined, 4),
    table(
      'campaigns',
      'Campaigns',
      ['email_campaign.name', 'email_campaign.channel'],
      [
        'email_campaigns.recipients',
        'email_campaigns.open_rate',
        'email_campaigns.click_rate',
        'email_campaigns.revenue_per_recipient',
        'email_campaigns.unsubscribe_rate',
      ],
    ),
    trend('rates-by-week', 'Open and click rate by week', ['email_campaigns.open_rate', 'email_campaigns.click_rate'], {
      granularity: 'week',
    }),
    table(
      'subjects',
      'Subject lines',
      ['email_campaign.subject'],
      ['email_campaigns.open_rate', 'email_campaigns.click_rate', 'email_campaigns.recipients'],
      { limit: 50 },
    ),
    table(
      'templates',
      'Templates',
      ['email_campaign.template_id'],
      [
        'email_campaigns.recipients',
        'email_campaigns.open_rate',
        'email_campaigns.click_rate',
        'email_campaigns.revenue_per_recipient',
      ],
    ),
    bar('channels', 'Revenue by channel', ['email_campaigns.revenue'], 'email_campaign.channel', { span: 12 }),
  ],
};
