import type { DashboardDocument } from '../schema.js';
import { bar, heatmap, kpi, onPlatform, table, trend } from './build.js';

const g = onPlatform('google_ads');

export const googleAds: DashboardDocument = {
  id: 'google-ads',
  title: 'Google Ads',
  description: 'Paid search, shopping, display, video and Performance Max.',
  kind: 'platform',
  filters: ['dateRange', 'account', 'campaign', 'device'],
  panels: [
    kpi('spend', 'Spend', 'ads.spend', g),
    kpi('impressions', 'Impressions', 'ads.impressions', g),
    kpi('clicks', 'Clicks', 'ads.clicks', g),
    kpi('ctr', 'CTR', 'ads.ctr', g),
    kpi('cpc', 'CPC', 'ads.cpc', g),
    kpi('conversions', 'Conversions', 'ads.conversions', g),
    kpi('conversion-value', 'Conversion value', 'ads.conversion_value', g),
    kpi('roas', 'ROAS', 'ads.roas', g),
    trend('spend-vs-conversions', 'Daily spend vs conversions', ['ads.spend', 'ads.conversions'], { filters: g }),
    table(
      'campaigns',
      'Campaigns',
      ['campaign.name', 'campaign.channel_type', 'campaign.status'],
      ['ads.spend', 'ads.impressions', 'ads.clicks', 'ads.ctr', 'ads.cpc', 'ads.conversions', 'ads.cpa', 'ads.roas'],
      { filters: g },
    ),
    bar('devices', 'Device split', ['ads.clicks'], 'device.name', { filters: g }),
    heatmap(
      'channel-device-clicks',
      'Clicks by campaign type and device',
      'ads.clicks',
      'device.name',
      'campaign.channel_type',
      { filters: g },
    ),
    table(
      'accounts',
      'Accounts',
      ['account.name', 'account.currency'],
      ['ads.spend', 'ads.clicks', 'ads.conversions', 'ads.roas'],
      { filters: g },
    ),
    heatmap(
      'hour-weekday-clicks',
      'Clicks by hour of day and weekday',
      'campaign_hourly.clicks',
      'hour_of_day.number',
      'weekday.name',
      { span: 12 },
    ),
    table(
      'ad-groups',
      'Ad groups',
      ['ad_group.name'],
      ['ad_groups.spend', 'ad_groups.clicks', 'ad_groups.conversions', 'ad_groups.cpa'],
      { limit: 50 },
    ),
    table(
      'keywords',
      'Top keywords',
      ['keyword.text', 'keyword.match_type'],
      ['keywords.spend', 'keywords.clicks', 'keywords.conversions', 'keywords.cpa'],
      { limit: 20 },
    ),
  ],
};
