/**
 * Example metrics queries shared by the golden-SQL tests (both dialects) and the warehouse tests. Absolute dates are
 * relative to a fixed `now` so the golden SQL is stable.
 */
import type { TenantScope } from '../scope.js';

export const EXAMPLE_NOW = new Date('2026-11-25T12:00:00Z');

export const EXAMPLE_SCOPE: TenantScope = {
  tenantId: 'rare-seeds',
  warehouseLocation: 'rare-seeds',
  timeZone: 'America/Chicago',
  reportingCurrency: 'USD',
  lockedFilters: {},
};

export const EXAMPLES = {
  totals: {
    measures: ['ads.spend', 'ads.clicks', 'ads.impressions'],
    timeDimension: { dimension: 'date.day', dateRange: ['2026-10-01', '2026-10-31'] },
  },
  grouped: {
    measures: ['ads.spend', 'ads.conversions'],
    dimensions: ['platform.code', 'campaign.name'],
    timeDimension: { dimension: 'date.day', dateRange: ['2026-10-01', '2026-10-31'] },
    order: [['ads.spend', 'desc']],
    limit: 20,
  },
  ratios: {
    measures: ['ads.ctr', 'ads.cpc', 'ads.cpm', 'ads.roas', 'ads.cpa', 'ads.conversion_rate'],
    dimensions: ['platform.code'],
    timeDimension: { dimension: 'date.day', dateRange: ['2026-09-01', '2026-10-31'] },
  },
  weekly: {
    measures: ['ads.spend', 'ads.ctr'],
    timeDimension: { dimension: 'date.day', granularity: 'week', dateRange: ['2026-09-07', '2026-10-25'] },
  },
  monthlyPreviousYear: {
    measures: ['ads.spend', 'ads.conversion_value'],
    dimensions: ['platform.code'],
    timeDimension: { dimension: 'date.day', granularity: 'month', dateRange: ['2026-08-01', '2026-10-31'] },
    compare: 'previous_year',
  },
  relativePreviousPeriod: {
    measures: ['ga4.sessions', 'ga4.engagement_rate'],
    dimensions: ['source_medium.channel_group'],
    timeDimension: { dimension: 'date.day', dateRange: 'last 7 days' },
    compare: 'previous_period',
  },
  measureFilter: {
    measures: ['ads.spend', 'ads.roas'],
    dimensions: ['campaign.id', 'campaign.name'],
    timeDimension: { dimension: 'date.day', dateRange: ['2026-10-01', '2026-10-31'] },
    filters: [
      { member: 'ads.roas', operator: 'lt', values: [2] },
      { member: 'ads.spend', operator: 'gt', values: [0] },
    ],
    order: [['ads.roas', 'asc']],
  },
  crossFact: {
    measures: ['ads.spend', 'ga4.sessions', 'email_campaigns.revenue', 'email_flows.revenue'],
    dimensions: ['platform.code'],
    timeDimension: { dimension: 'date.day', granularity: 'month', dateRange: ['2026-09-01', '2026-10-31'] },
  },
  crossFactTotals: {
    measures: ['ads.spend', 'ga4.revenue'],
    timeDimension: { dimension: 'date.day', dateRange: ['2026-10-01', '2026-10-31'] },
  },
  nestedFilters: {
    measures: ['ads.clicks'],
    dimensions: ['campaign.name', 'device.code'],
    timeDimension: { dimension: 'date.day', dateRange: ['2026-10-01', '2026-10-31'] },
    filters: [
      {
        or: [
          { member: 'campaign.name', operator: 'contains', values: ['seed'] },
          {
            and: [
              { member: 'device.code', operator: 'in', values: ['mobile', 'tablet'] },
              { member: 'campaign.name', operator: 'startsWith', values: ['Rare'] },
            ],
          },
        ],
      },
      { member: 'platform.code', operator: 'notIn', values: ['meta'] },
      { member: 'date.day', operator: 'afterDate', values: ['2026-10-03'] },
    ],
  },
  reachAtGrain: {
    measures: ['meta_reach.reach', 'meta_reach.frequency'],
    dimensions: ['campaign.id'],
    timeDimension: { dimension: 'date.day', granularity: 'day', dateRange: ['2026-10-01', '2026-10-07'] },
    filters: [{ member: 'platform.code', operator: 'equals', values: ['meta'] }],
  },
  pagedWithTotal: {
    measures: ['email_campaigns.recipients', 'email_campaigns.open_rate', 'email_campaigns.click_rate'],
    dimensions: ['email_campaign.name'],
    timeDimension: { dimension: 'date.day', dateRange: ['2026-08-01', '2026-10-31'] },
    order: [['email_campaigns.recipients', 'desc']],
    limit: 5,
    offset: 5,
    total: true,
  },
  listSize: {
    measures: ['lists.net_growth', 'lists.adds'],
    dimensions: ['list.name'],
    timeDimension: { dimension: 'date.day', granularity: 'week', dateRange: ['2026-09-07', '2026-10-25'] },
    cumulative: { measures: ['lists.net_growth'] },
  },
  monthToDate: {
    measures: ['ads.spend', 'ads.cpc'],
    dimensions: ['platform.code'],
    timeDimension: { dimension: 'date.day', granularity: 'day', dateRange: ['2026-10-10', '2026-10-31'] },
    compare: 'previous_period',
    cumulative: { measures: ['ads.spend', 'ads.cpc'], reset: 'month' },
  },
  spendVsBudgetInEffect: {
    measures: ['ads.spend', 'budget_changes.budget_in_effect'],
    dimensions: ['campaign.name'],
    timeDimension: { dimension: 'date.day', granularity: 'day', dateRange: ['2026-10-10', '2026-10-31'] },
    cumulative: { measures: ['ads.spend'], reset: 'month' },
  },
  topAdsTrend: {
    measures: ['ad_performance.ctr', 'ad_performance.spend'],
    dimensions: ['ad.name'],
    timeDimension: { dimension: 'date.day', granularity: 'week', dateRange: ['2026-09-07', '2026-10-25'] },
    top: { n: 5, by: 'ad_performance.spend' },
  },
  topCampaignsPerPlatform: {
    measures: ['ads.spend', 'ads.roas'],
    dimensions: ['platform.code', 'campaign.name'],
    timeDimension: { dimension: 'date.day', dateRange: ['2026-10-01', '2026-10-31'] },
    top: { n: 3, by: 'ads.roas', per: ['platform.code'] },
    order: [
      ['platform.code', 'asc'],
      ['ads.roas', 'desc'],
    ],
    total: true,
  },
} as const satisfies Record<string, Record<string, unknown>>;

export type ExampleName = keyof typeof EXAMPLES;
