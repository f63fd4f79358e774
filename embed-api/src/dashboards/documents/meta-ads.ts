import type { DashboardDocument } from '../schema.js';
import { bar, heatmap, kpi, onPlatform, table, trend } from './build.js';

const m = onPlatform('meta');

export const metaAds: DashboardDocument = {
  id: 'meta-ads',
  title: 'Meta Ads',
  description: 'Facebook and Instagram campaigns: reach, cost and results.',
  kind: 'platform',
  filters: ['dateRange', 'account', 'campaign', 'adSet', 'device'],
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
    table(
      'ad-sets',
      'Ad sets',
      ['ad_set.name', 'ad_set.optimization_goal'],
      ['ad_sets.spend', 'ad_sets.impressions', 'ad_sets.ctr', 'ad_sets.conversions', 'ad_sets.cpa'],
      { limit: 50 },
    ),
    heatmap(
      'age-gender',
      'Impressions by age and gender',
      'demographics.impressions',
      'demographics.age',
      'demographics.gender',
    ),
    table(
      'top-ads',
      'Top ads',
      ['ad.name'],
      ['ad_performance.spend', 'ad_performance.ctr', 'ad_performance.conversions'],
      { limit: 10 },
    ),
  ],
};
