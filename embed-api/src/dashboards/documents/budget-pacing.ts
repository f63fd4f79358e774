import type { DashboardDocument } from '../schema.js';
import { bar, findings, kpi, table, trend } from './build.js';

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
