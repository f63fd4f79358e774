/**
 * `cumulative` (running totals, period-to-date) refused with a 400 naming the field wherever it cannot be right.
 * The values themselves are checked against raw SQL in `cumulative.duckdb.test.ts`; the SQL in the golden files of
 * the `listSize` and `monthToDate` examples.
 */
import { describe, expect, it } from 'vitest';
import { EXAMPLE_NOW, EXAMPLE_SCOPE } from '../testing/examples.js';
import { fixtureLayer, refusalCodes } from '../testing/refusal-codes.js';

const codes = refusalCodes;
const layer = fixtureLayer();

const daily = { dimension: 'date.day', granularity: 'day', dateRange: ['2026-10-01', '2026-10-31'] };

describe('cumulative: validation', () => {
  it('needs a time granularity', () => {
    expect(
      codes({
        measures: ['ads.spend'],
        timeDimension: { dimension: 'date.day', dateRange: ['2026-10-01', '2026-10-31'] },
        cumulative: { measures: ['ads.spend'] },
      }),
    ).toEqual(['cumulative:cumulative_needs_granularity']);
  });

  it('names each listed measure that is not in the query, repeated, or not a running-total kind', () => {
    expect(
      codes({
        measures: ['ads.spend', 'meta_reach.reach'],
        dimensions: ['campaign.id'],
        timeDimension: daily,
        cumulative: { measures: ['ads.clicks', 'ads.spend', 'ads.spend', 'meta_reach.reach'] },
      }),
    ).toEqual([
      'cumulative.measures[0]:not_in_query',
      'cumulative.measures[2]:duplicate_member',
      'cumulative.measures[3]:not_cumulative',
    ]);
  });

  it('refuses a reset period that does not hold whole buckets, and measure filters', () => {
    expect(
      codes({
        measures: ['ads.spend'],
        timeDimension: { ...daily, granularity: 'week' },
        filters: [{ member: 'ads.spend', operator: 'gt', values: [0] }],
        cumulative: { measures: ['ads.spend'], reset: 'month' },
      }),
    ).toEqual(['cumulative:cumulative_with_measure_filter', 'cumulative.reset:invalid_reset']);
    expect(
      codes({
        measures: ['ads.spend'],
        timeDimension: { ...daily, granularity: 'month' },
        cumulative: { measures: ['ads.spend'], reset: 'week' },
      }),
    ).toEqual(['cumulative.reset:invalid_reset']);
  });

  it('checks the shape with the wire schema', () => {
    expect(codes({ measures: ['ads.spend'], timeDimension: daily, cumulative: { measures: [] } })).toEqual([
      'cumulative.measures:invalid_value',
    ]);
    expect(
      codes({ measures: ['ads.spend'], timeDimension: daily, cumulative: { measures: ['ads.spend'], reset: 'hour' } }),
    ).toEqual(['cumulative.reset:invalid_value']);
  });

  it('echoes the running totals in the normalized query (cache keys hash it)', () => {
    const body = { measures: ['ads.spend'], timeDimension: daily, cumulative: { measures: ['ads.spend'] } };
    const plain = layer.normalize({ measures: ['ads.spend'], timeDimension: daily }, EXAMPLE_SCOPE, {
      now: EXAMPLE_NOW,
    });
    const running = layer.normalize(body, EXAMPLE_SCOPE, { now: EXAMPLE_NOW });
    expect(plain.cumulative).toBeUndefined();
    expect(running.cumulative).toEqual({ measures: ['ads.spend'], reset: null });
  });
});
