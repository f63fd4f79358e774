import type { DashboardDocument } from '../schema.js';
import { bar, findings, kpi, table, trend } from './build.js';

export const bidStrategy: DashboardDocument = {
  id: 'bid-strategy',
  title: 'Bidding Agent',
  description: 'Did bidding changes help?',
  kind: 'agent',
  filters: ['dateRange', 'platform', 'account', 'campaign'],
  panels: [
    findings(),
    kpi('cpc', 'CPC', 'ads.cpc', undefined, 4),
    kpi('cpa', 'CPA', 'ads.cpa', undefined, 4),
    kpi('roas', 'ROAS', 'ads.roas', undefined, 4),
    kpi('clicks', 'Clicks', 'ads.clicks', undefined, 4),
    kpi('ctr', 'CTR', 'ads.ctr', undefined, 4),
    kpi('conversion-rate', 'Conversion rate', 'ads.conversion_rate', undefined, 4),
    trend('cpc-cpa', 'CPC and CPA over time', ['ads.cpc', 'ads.cpa'], { granularity: 'week' }),
    table(
      'strategies',
      'Bidding strategies in use',
      ['campaign.bidding_strategy'],
      ['ads.spend', 'ads.cpc', 'ads.cpa', 'ads.roas', 'ads.conversions'],
    ),
    bar('cpa-by-strategy', 'CPA by bidding strategy', ['ads.cpa'], 'campaign.bidding_strategy', { span: 12 }),
    table(
      'bidding-changes',
      'Bidding changes',
      ['campaign.name'],
      ['bidding_changes.changes', 'bidding_changes.target_cpa', 'bidding_changes.target_roas'],
    ),
    trend('ad-group-cpc', 'Ad group CPC and CPA by week', ['ad_groups.cpc', 'ad_groups.cpa'], { granularity: 'week' }),
  ],
};
