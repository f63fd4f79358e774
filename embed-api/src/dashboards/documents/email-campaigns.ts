import type { DashboardDocument } from '../schema.js';
import { bar, findings, heatmap, kpi, table, trend } from './build.js';

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
      'send-hours',
      'Performance by send hour',
      ['email_campaign.send_hour'],
      [
        'email_campaigns.open_rate',
        'email_campaigns.click_rate',
        'email_campaigns.revenue_per_recipient',
        'email_campaigns.recipients',
      ],
      { order: [['email_campaign.send_hour', 'asc']], span: 6 },
    ),
    table(
      'send-weekdays',
      'Performance by send weekday',
      ['email_campaign.send_weekday'],
      [
        'email_campaigns.open_rate',
        'email_campaigns.click_rate',
        'email_campaigns.revenue_per_recipient',
        'email_campaigns.recipients',
      ],
      { order: [['email_campaign.send_weekday', 'asc']], span: 6 },
    ),
    heatmap(
      'send-hour-weekday-open-rate',
      'Open rate by send hour and weekday',
      'email_campaigns.open_rate',
      'email_campaign.send_hour',
      'email_campaign.send_weekday',
      { span: 12 },
    ),
    table(
      'templates',
      'Templates',
      ['email_campaign.template_name', 'email_campaign.template_id'],
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
