import type { DashboardDocument } from '../internal/dashboard-document.js';

/** A small dashboard over the fake API's facts: a KPI, a drillable chart by platform, a campaign table. */
export const TEST_DASHBOARD: DashboardDocument = {
  id: 'test-ads',
  title: 'Test ads',
  description: 'Spend across platforms',
  filters: ['dateRange', 'platform'],
  panels: [
    { id: 'spend', type: 'kpi', title: 'Spend', span: 4, query: { measures: ['ads.spend'] } },
    {
      id: 'value',
      type: 'kpi',
      title: 'Conversion value',
      span: 4,
      query: { measures: ['ads.conversion_value'] },
    },
    {
      id: 'by-platform',
      type: 'chart',
      title: 'Spend by platform',
      span: 8,
      query: { measures: ['ads.spend'], dimensions: ['platform.code'], order: [['ads.spend', 'desc']] },
      spec: {
        data: { name: 'rows' },
        mark: 'bar',
        encoding: {
          x: { field: 'platform.code', type: 'nominal', sort: '-y' },
          y: { field: 'ads.spend', type: 'quantitative' },
        },
      },
    },
    {
      id: 'campaigns',
      type: 'table',
      title: 'Campaigns',
      span: 12,
      query: { measures: ['ads.spend'], dimensions: ['campaign.name'], order: [['ads.spend', 'desc']] },
    },
  ],
};
