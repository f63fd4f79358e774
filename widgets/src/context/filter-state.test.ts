import { expect } from '@open-wc/testing';
import type { MetricsQuery } from '../internal/wire.js';
import { applyFilterState, INITIAL_FILTER_STATE } from './filter-state.js';

describe('applyFilterState', () => {
  it('keeps a panel query’s running totals and top N while adding the date range, selections and cross-filter', () => {
    const query: MetricsQuery = {
      measures: ['ad_performance.ctr', 'ad_performance.spend'],
      dimensions: ['ad.name'],
      timeDimension: { dimension: 'date.day', granularity: 'week' },
      cumulative: { measures: ['ad_performance.spend'], reset: 'month' },
      top: { n: 5, by: 'ad_performance.ctr' },
    };
    const out = applyFilterState(
      query,
      {
        ...INITIAL_FILTER_STATE,
        selections: { 'platform.code': ['meta'] },
        crossFilter: { sourcePanelId: 'other', member: 'campaign.name', values: ['Spring'] },
      },
      { panelId: 'top-ads' },
    );
    expect(out.cumulative).to.deep.equal({ measures: ['ad_performance.spend'], reset: 'month' });
    expect(out.top).to.deep.equal({ n: 5, by: 'ad_performance.ctr' });
    expect(out.timeDimension).to.deep.equal({ dimension: 'date.day', granularity: 'week', dateRange: 'last 30 days' });
    expect(out.filters).to.deep.equal([
      { member: 'platform.code', operator: 'in', values: ['meta'] },
      { member: 'campaign.name', operator: 'in', values: ['Spring'] },
    ]);
  });
});
