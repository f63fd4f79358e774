import type { DashboardDocument } from '../schema.js';
import { bar, findings, kpi, onPlatform, table } from './build.js';

const search = [
  ...onPlatform('google_ads'),
  { member: 'campaign.channel_type', operator: 'equals' as const, values: ['search'] },
];

export const searchTerms: DashboardDocument = {
  id: 'search-terms',
  title: 'Keyword & Search Term Agent',
  description: 'Where is search spend wasted or missed?',
  kind: 'agent',
  filters: ['dateRange', 'account', 'campaign'],
  panels: [
    findings(),
    kpi('search-spend', 'Search spend', 'ads.spend', search, 4),
    kpi('search-conversions', 'Search conversions', 'ads.conversions', search, 4),
    kpi('search-cpa', 'Search CPA', 'ads.cpa', search, 4),
    kpi('search-clicks', 'Search clicks', 'ads.clicks', search, 6),
    kpi('search-impressions', 'Search impressions', 'ads.impressions', search, 6),
    bar('cpa-by-campaign', 'CPA by search campaign', ['ads.cpa'], 'campaign.name', { filters: search, span: 12 }),
    table(
      'search-campaigns',
      'Search campaigns',
      ['campaign.name'],
      ['ads.spend', 'ads.clicks', 'ads.conversions', 'ads.cpa', 'ads.conversion_rate'],
      { filters: search },
    ),
    table(
      'search-term-spend',
      'Search terms by spend',
      ['search_terms.term'],
      ['search_terms.spend', 'search_terms.clicks', 'search_terms.conversions', 'search_terms.cpa'],
      { limit: 50 },
    ),
    bar('keyword-cpa', 'Keyword CPA', ['keywords.cpa'], 'keyword.text', { limit: 20 }),
    bar('match-types', 'Spend by match type', ['keywords.spend'], 'keyword.match_type'),
  ],
};
