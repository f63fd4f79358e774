/**
 * The answer sentence for a measure valid only at its grain (reach per day and campaign): it says so, gives no total,
 * and quotes the largest figure of the rows. Rows here are written by hand.
 */
import { describe, expect, it } from 'vitest';
import type { MetricsRequest, MetricsResponse, Row } from '../../wire/index.js';
import { answerSentence } from './answer.js';

const grain = (m: string) =>
  m.startsWith('meta_reach.') && m !== 'meta_reach.impressions' ? ['date.day', 'campaign.id'] : [];

function response(rows: Row[], order: MetricsResponse['query']['order'] = []): MetricsResponse {
  return {
    rows,
    annotation: {
      'meta_reach.reach': { title: 'Reach', kind: 'measure', type: 'number', format: 'integer' },
      'meta_reach.frequency': { title: 'Frequency', kind: 'measure', type: 'number', format: 'number' },
      'campaign.name': { title: 'Campaign', kind: 'dimension', type: 'string' },
      'campaign.id': { title: 'Campaign ID', kind: 'dimension', type: 'string' },
      'date.day': { title: 'Day', kind: 'time', type: 'time', granularity: 'day' },
    },
    query: {
      measures: ['meta_reach.reach', 'meta_reach.frequency'],
      dimensions: ['campaign.name', 'campaign.id'],
      timeDimension: {
        dimension: 'date.day',
        granularity: 'day',
        dateRange: ['2026-11-16', '2026-11-22'],
        relativeRange: 'last week',
      },
      compare: null,
      filters: [],
      order,
      limit: 1000,
      offset: 0,
      total: false,
      timeZone: 'America/Chicago',
    },
    total: null,
    meta: {} as MetricsResponse['meta'],
  };
}

const request: MetricsRequest = {
  measures: ['meta_reach.reach', 'meta_reach.frequency'],
  dimensions: ['campaign.name', 'campaign.id'],
  timeDimension: { dimension: 'date.day', granularity: 'day', dateRange: 'last week' },
};
const row = (day: string, name: string, id: string, reach: number): Row => ({
  'date.day': day,
  'campaign.name': name,
  'campaign.id': id,
  'meta_reach.reach': reach,
  'meta_reach.frequency': 1.5,
});

describe('answer sentence at a grain', () => {
  it('says the figures are per day and campaign, gives no total and quotes the largest row', () => {
    const rows = [
      row('2026-11-16', 'Sales | Herb Seeds | Prospecting', '11', 1200),
      row('2026-11-17', 'Traffic | Wildflower Mix | Retargeting', '12', 4321),
      row('2026-11-17', 'Sales | Herb Seeds | Prospecting', '11', 980),
    ];
    expect(answerSentence(request, response(rows), 'USD', grain)).toBe(
      'Reach is per day and campaign only (unique people do not add up, so there is no total) for last week ' +
        '(2026-11-16 to 2026-11-22): 3 rows, the highest Traffic | Wildflower Mix | Retargeting on 2026-11-17 at 4,321.',
    );
  });

  it('a ranked question quotes its first row; no rows still names the grain', () => {
    const rows = [row('2026-11-18', 'A', '1', 50), row('2026-11-19', 'B', '2', 70)];
    const ranked = { ...request, order: [['meta_reach.reach', 'asc']] as [string, 'asc'][], limit: 2 };
    expect(answerSentence(ranked, response(rows), 'USD', grain)).toMatch(/the lowest A on 2026-11-18 at 50\.$/);
    expect(answerSentence(request, response([]), 'USD', grain)).toBe(
      'Reach is per day and campaign only (unique people do not add up, so there is no total): no data for last week ' +
        '(2026-11-16 to 2026-11-22).',
    );
  });

  it('an additive measure keeps the plain sentence', () => {
    const res = response([row('2026-11-18', 'A', '1', 50)]);
    expect(answerSentence(request, res, 'USD')).not.toMatch(/per day and campaign/);
  });
});
