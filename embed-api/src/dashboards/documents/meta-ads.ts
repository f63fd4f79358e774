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
    // DASHBOARDS.md "KPIs: reach, frequency". Reach counts unique people, so it is only valid at the grain Meta reports
    // it for a campaign, per day and campaign (`meta_reach.reach` validGrain): no period total, which would count a
    // person once per day and campaign. Meta reports a campaign's reach without a device split, so the device and
    // ad-set filters do not apply to this panel.
    {
      id: 'reach-frequency',
      type: 'table',
      title: 'Daily reach and frequency per campaign',
      description:
        'Reach: people who saw the campaign’s ads that day, each counted once over its ads and devices, as Meta reports it. Unique people do not add up over days or campaigns, so no period total is shown. Frequency = impressions / reach on the same row: how often each person reached saw the ads.',
      span: 12,
      pageSize: 10,
      query: {
        measures: ['meta_reach.reach', 'meta_reach.frequency', 'meta_reach.impressions'],
        dimensions: ['campaign.name', 'campaign.id'],
        timeDimension: { dimension: 'date.day', granularity: 'day' },
        filters: m,
        order: [
          ['date.day', 'desc'],
          ['meta_reach.reach', 'desc'],
        ],
        limit: 5000,
      },
    },
  ],
};
