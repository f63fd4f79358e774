/** Agent answers for the fake API (`fake-api.ts`): one finding, one alert, one answer, in EUR. */
import type { AgentAnswer, AlertsResponse, RecommendResponse } from '../internal/agents-wire.js';

export const FINDINGS: RecommendResponse = {
  dashboard: 'test-agent',
  findings: [
    {
      id: 'test-agent:wasted:brand',
      agent: 'test-agent',
      rule: 'wasted_spend',
      severity: 'high',
      entity: { member: 'campaign.name', value: 'Brand', label: 'Brand' },
      title: 'Brand spent €1,234.50 without a conversion',
      evidence: {
        numbers: { spend: 1234.5, conversions: 0, spend_share: 0.25 },
        query: { measures: ['ads.spend'], dimensions: ['campaign.name'] },
      },
      action: 'Pause Brand.',
      impact: 200,
      currency: 'EUR',
    },
  ],
  unavailable: [{ rule: 'ad_fatigue', missing: ['ad.ctr'] }],
};

export const ALERTS: AlertsResponse = {
  alerts: [
    {
      id: 'spend:2026-11-20',
      kpi: 'spend',
      member: 'ads.spend',
      date: '2026-11-20',
      value: 300,
      expected: 100,
      relativeChange: 2,
      score: 6.1,
      direction: 'up',
      severity: 'high',
      changes: [{ date: '2026-11-18', kind: 'budget', entity: 'Brand', detail: '1 budget change' }],
    },
  ],
  window: ['2026-08-25', '2026-11-22'],
  sensitivity: 4,
};

export const ANSWER: AgentAnswer = {
  kind: 'answer',
  question: 'spend by platform',
  source: 'parser',
  request: { measures: ['ads.spend'], dimensions: ['platform.code'] },
  query: {
    measures: ['ads.spend'],
    dimensions: ['platform.code'],
    timeDimension: null,
    compare: null,
    filters: [],
    order: [['ads.spend', 'desc']],
    limit: 1000,
    offset: 0,
    total: false,
    timeZone: 'Europe/Berlin',
  } as unknown as AgentAnswer['query'],
  rows: [
    { 'platform.code': 'google_ads', 'ads.spend': 1350 },
    { 'platform.code': 'meta', 'ads.spend': 100 },
  ],
  annotation: {
    'platform.code': { title: 'Platform code', kind: 'dimension', type: 'string' },
    'ads.spend': { title: 'Spend', kind: 'measure', type: 'number', format: 'currency', currency: 'EUR' },
  } as unknown as AgentAnswer['annotation'],
  sentence: 'google_ads leads with spend of €1,350.00.',
  chart: {
    data: { name: 'rows' },
    mark: 'bar',
    encoding: {
      y: { field: 'platform\\.code', type: 'nominal' },
      x: { field: 'ads\\.spend', type: 'quantitative' },
    },
  },
};
