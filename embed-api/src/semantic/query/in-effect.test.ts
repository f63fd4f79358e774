/**
 * In-effect measures (a change history's value on each day, e.g. `budget_changes.budget_in_effect`): refused without
 * a date range (400 naming the field); the SQL is in the golden files of `spendVsBudgetInEffect`, the values are
 * checked against raw SQL in `in-effect.duckdb.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { EXAMPLE_NOW, EXAMPLE_SCOPE } from '../testing/examples.js';
import { fixtureLayer, refusalCodes } from '../testing/refusal-codes.js';

const codes = refusalCodes;
const layer = fixtureLayer();

describe('in-effect measures', () => {
  it('need a date range', () => {
    expect(codes({ measures: ['budget_changes.budget_in_effect'], dimensions: ['campaign.name'] })).toEqual([
      'timeDimension:in_effect_needs_date_range',
    ]);
    expect(
      codes({
        measures: ['budget_changes.budget_in_effect'],
        timeDimension: { dimension: 'date.day', granularity: 'day' },
      }),
    ).toEqual(['timeDimension.dateRange:in_effect_needs_date_range']);
  });

  it('have no running total (they are already a level, not a flow)', () => {
    expect(
      codes({
        measures: ['budget_changes.budget_in_effect'],
        timeDimension: { dimension: 'date.day', granularity: 'day', dateRange: ['2026-10-01', '2026-10-31'] },
        cumulative: { measures: ['budget_changes.budget_in_effect'] },
      }),
    ).toEqual(['cumulative.measures[0]:not_cumulative']);
  });

  it('read the history expanded over the time spine, apart from plain measures of the same fact', () => {
    const [current] = layer.compile(
      {
        measures: ['budget_changes.changes', 'budget_changes.budget_in_effect'],
        timeDimension: { dimension: 'date.day', granularity: 'week', dateRange: ['2026-10-01', '2026-10-31'] },
      },
      EXAMPLE_SCOPE,
      { now: EXAMPLE_NOW },
    );
    const text = current?.sql ?? '';
    // two CTEs of the same fact: the change count reads the rows as they are, the budget expands them over days
    expect(text.match(/from "rare-seeds"\."marts"\."fact_budget_changes_history"/g)?.length).toBe(2);
    expect(text).toContain('inner join "rare-seeds"."semantic"."time_spine_daily" as "ts"');
  });
});
