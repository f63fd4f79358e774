import type { DashboardDocument } from '../schema.js';
import { bar, findings, kpi, linesVsBy, table, trend } from './build.js';

export const budgetPacing: DashboardDocument = {
  id: 'budget-pacing',
  title: 'Budget Pacing Agent',
  description: 'Will each campaign over- or under-spend its budget this month?',
  kind: 'agent',
  filters: ['dateRange', 'platform', 'account', 'campaign'],
  panels: [
    findings(),
    kpi('spend', 'Spend', 'ads.spend', undefined, 6),
    kpi('conversions', 'Conversions', 'ads.conversions', undefined, 6),
    kpi('clicks', 'Clicks', 'ads.clicks', undefined, 6),
    kpi('impressions', 'Impressions', 'ads.impressions', undefined, 6),
    linesVsBy(
      'mtd-spend-vs-budget',
      'Month-to-date spend vs daily budget in effect, per campaign',
      [
        { measure: 'ads.spend', title: 'Month-to-date spend' },
        { measure: 'budget_changes.budget_in_effect', title: 'Daily budget in effect (dashed)' },
      ],
      'campaign.name',
      { cumulative: { measures: ['ads.spend'], reset: 'month' }, limit: 20_000 },
    ),
    bar('spend-by-campaign', 'Spend per campaign', ['ads.spend'], 'campaign.name', { limit: 20, span: 12 }),
    trend('daily-spend', 'Daily spend', ['ads.spend']),
    table(
      'campaigns',
      'Campaign spend',
      ['campaign.name', 'platform.name', 'campaign.status'],
      ['ads.spend', 'ads.conversions', 'ads.cpa'],
    ),
    table(
      'budget-changes',
      'Budget changes',
      ['campaign.name'],
      ['budget_changes.changes', 'budget_changes.daily_budget'],
    ),
  ],
};
