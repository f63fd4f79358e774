import type { DashboardDocument } from '../schema.js';
import { bar, heatmap, kpi, onPlatform, table, trend } from './build.js';

const m = onPlatform('meta');

export const metaAds: DashboardDocument = {
  id: 'meta-ads',
  title: 'Meta Ads',
  description: 'Facebook and Instagram campaigns: reach, cost and results.',
  kind: 'platform',
  filters: ['dateRange', 'account', 'campaign', 'device'],
  panels: [
    kpi('spend', 'Spend', 'ads.spend', m),
    kpi('impressions', 'Impressions', 'ads.impressions', m),
    kpi('clicks', 'Clicks', 'ads.clicks', m),
    kpi('ctr', 'CTR', 'ads.ctr', m),
    kpi('cpm', 'CPM', 'ads.cpm', m),
    kpi('conversions', 'Conversions', 'ads.conversions', m),
    kpi('conversion-value', 'Conversion value', 'ads.conversion_value', m),
    kpi('roas', 'ROAS', 'ads.roas', m),
    trend('spend-and-results', 'Daily spend and results', ['ads.spend', 'ads.conversions'], { filters: m }),
    table(
      'campaigns',
      'Campaigns',
      ['campaign.name', 'campaign.channel_type'],
      ['ads.spend', 'ads.impressions', 'ads.cpm', 'ads.ctr', 'ads.conversions', 'ads.cpa', 'ads.roas'],
      { filters: m },
    ),
    bar('devices', 'Spend by device', ['ads.spend'], 'device.name', { filters: m }),
    heatmap('objective-device-ctr', 'CTR by objective and device', 'ads.ctr', 'device.name', 'campaign.channel_type', {
      filters: m,
    }),
  ],
};
