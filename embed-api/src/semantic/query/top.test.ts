/**
 * `top` (top N per group) refused with a 400 naming the field wherever it cannot be right. Values against raw SQL in
 * `top.duckdb.test.ts`; SQL in the golden files of `topAdsTrend` and `topCampaignsPerPlatform`.
 */
import { describe, expect, it } from 'vitest';
import { EXAMPLE_NOW, EXAMPLE_SCOPE } from '../testing/examples.js';
import { fixtureLayer, refusalCodes } from '../testing/refusal-codes.js';

const codes = refusalCodes;
const layer = fixtureLayer();

const weekly = { dimension: 'date.day', granularity: 'week', dateRange: ['2026-10-01', '2026-10-31'] };

describe('top N per group: validation', () => {
  it('names a ranking measure or group dimension that is not in the query', () => {
    expect(
      codes({
        measures: ['ads.spend'],
        dimensions: ['campaign.name'],
        top: { n: 3, by: 'ads.clicks', per: ['platform.code', 'campaign.name', 'campaign.name'] },
      }),
    ).toEqual(['top.by:not_in_query', 'top.per[0]:not_in_query', 'top.per[2]:duplicate_member', 'top:nothing_to_rank']);
  });

  it('needs a dimension outside the groups to rank', () => {
    expect(
      codes({
        measures: ['ads.spend'],
        dimensions: ['platform.code'],
        timeDimension: weekly,
        top: { n: 1, by: 'ads.spend', per: ['platform.code', 'date.week'] },
      }),
    ).toEqual(['top:nothing_to_rank']);
  });

  it('refuses ranking over a whole time series by a measure that does not add up over time, or by a running total', () => {
    expect(
      codes({
        measures: ['meta_reach.reach'],
        dimensions: ['campaign.id'],
        timeDimension: { ...weekly, granularity: 'day' },
        top: { n: 3, by: 'meta_reach.reach' },
      }),
    ).toEqual(['top.by:not_summable_over_time']);
    expect(
      codes({
        measures: ['ads.spend'],
        dimensions: ['campaign.name'],
        timeDimension: weekly,
        cumulative: { measures: ['ads.spend'] },
        top: { n: 3, by: 'ads.spend' },
      }),
    ).toEqual(['top.by:cumulative_rank']);
  });

  it('checks the shape with the wire schema', () => {
    expect(codes({ measures: ['ads.spend'], dimensions: ['campaign.name'], top: { n: 0, by: 'ads.spend' } })).toEqual([
      'top.n:invalid_value',
    ]);
    expect(
      codes({ measures: ['ads.spend'], dimensions: ['campaign.name'], top: { n: 1, by: 'ads.spend', extra: 1 } }),
    ).toEqual(['top:invalid_value']);
  });

  it('ranks per group in the time bucket when the time key is a group, and echoes top in the normalized query', () => {
    const body = {
      measures: ['ads.spend'],
      dimensions: ['campaign.name'],
      timeDimension: weekly,
      top: { n: 2, by: 'ads.spend', per: ['date.week'] },
    };
    const [current] = layer.compile(body, EXAMPLE_SCOPE, { now: EXAMPLE_NOW });
    expect(current?.sql).toContain('dense_rank() over (partition by "t1"."d0" order by "t1"."top_by" desc nulls last');
    expect(current?.sql).not.toContain('over (partition by "f0"."d1")');
    expect(layer.normalize(body, EXAMPLE_SCOPE, { now: EXAMPLE_NOW }).top).toEqual({
      n: 2,
      by: 'ads.spend',
      per: ['date.week'],
      direction: 'desc',
    });
  });
});
