import type { DashboardDocument } from '../schema.js';
import { bar, findings, kpi, linesBy, scatter, table } from './build.js';

export const creative: DashboardDocument = {
  id: 'creative',
  title: 'Creative Performance Agent',
  description: 'Which ads are winning, which are fatigued?',
  kind: 'agent',
  filters: ['dateRange', 'platform', 'account', 'campaign'],
  panels: [
    findings(),
    kpi('ctr', 'CTR', 'ads.ctr', undefined, 4),
    kpi('conversion-rate', 'Conversion rate', 'ads.conversion_rate', undefined, 4),
    kpi('cpm', 'CPM', 'ads.cpm', undefined, 4),
    kpi('clicks', 'Clicks', 'ads.clicks', undefined, 6),
    kpi('impressions', 'Impressions', 'ads.impressions', undefined, 6),
    scatter('ctr-vs-cvr', 'CTR and conversion rate by campaign', 'campaign.name', 'ads.ctr', 'ads.conversion_rate', {
      size: 'ads.spend',
    }),
    linesBy('ctr-trend', 'CTR trend by platform', 'ads.ctr', 'platform.name'),
    table(
      'campaigns',
      'Campaigns by CTR',
      ['campaign.name', 'platform.name'],
      ['ads.ctr', 'ads.conversion_rate', 'ads.impressions', 'ads.clicks', 'ads.spend'],
    ),
    scatter(
      'ad-ctr-vs-cvr',
      'CTR and conversion rate by ad',
      'ad.name',
      'ad_performance.ctr',
      'ad_performance.conversion_rate',
      { size: 'ad_performance.spend' },
    ),
    linesBy('top-ads-ctr-trend', 'CTR trend of the top 5 ads (by spend)', 'ad_performance.ctr', 'ad.name', {
      alsoMeasures: ['ad_performance.spend'],
      top: { n: 5, by: 'ad_performance.spend' },
    }),
    bar('reactions', 'Reactions by type (Meta)', ['ad_reactions.reactions'], 'ad_reactions.reaction_type'),
  ],
};
