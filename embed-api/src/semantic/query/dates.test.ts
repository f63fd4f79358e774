import { describe, expect, it } from 'vitest';
import { bucketOrdinal, previousPeriod, previousYear, resolveRelativeRange, todayIn, truncDate } from './dates.js';

describe('relative date ranges', () => {
  // 2026-11-25 03:30 UTC is still Nov 24 in Chicago but already Nov 25 in Auckland.
  const now = new Date('2026-11-25T03:30:00Z');

  it('resolves "today" in the tenant time zone', () => {
    expect(todayIn('America/Chicago', now)).toBe('2026-11-24');
    expect(todayIn('Pacific/Auckland', now)).toBe('2026-11-25');
  });

  it.each([
    ['today', ['2026-11-25', '2026-11-25']],
    ['yesterday', ['2026-11-24', '2026-11-24']],
    ['last 7 days', ['2026-11-18', '2026-11-24']],
    ['Last  30 Days', ['2026-10-26', '2026-11-24']],
    ['this week', ['2026-11-23', '2026-11-25']],
    ['last week', ['2026-11-16', '2026-11-22']],
    ['this month', ['2026-11-01', '2026-11-25']],
    ['last month', ['2026-10-01', '2026-10-31']],
    ['this quarter', ['2026-10-01', '2026-11-25']],
    ['last quarter', ['2026-07-01', '2026-09-30']],
    ['this year', ['2026-01-01', '2026-11-25']],
    ['last year', ['2025-01-01', '2025-12-31']],
    ['last 3 months', ['2026-08-01', '2026-10-31']],
    ['3 days ago', ['2026-11-22', '2026-11-22']],
  ])('%s', (text, expected) => {
    expect(resolveRelativeRange(text, '2026-11-25')).toEqual(expected);
  });

  it('refuses what it does not know', () => {
    expect(resolveRelativeRange('next week', '2026-11-25')).toBeNull();
    expect(resolveRelativeRange('last 0 days', '2026-11-25')).toBeNull();
  });
});

describe('comparison periods and buckets', () => {
  it('previous period: same length before; whole months compare with whole months', () => {
    expect(previousPeriod(['2026-11-18', '2026-11-24'])).toEqual(['2026-11-11', '2026-11-17']);
    expect(previousPeriod(['2026-10-01', '2026-10-31'])).toEqual(['2026-09-01', '2026-09-30']);
    expect(previousPeriod(['2026-01-01', '2026-03-31'])).toEqual(['2025-10-01', '2025-12-31']);
  });
  it('previous year clamps Feb 29', () => {
    expect(previousYear(['2028-02-01', '2028-02-29'])).toEqual(['2027-02-01', '2027-02-28']);
  });
  it('truncates to Monday weeks, months, quarters, years and counts buckets', () => {
    expect(truncDate('week', '2026-11-25')).toBe('2026-11-23');
    expect(truncDate('week', '2026-11-23')).toBe('2026-11-23');
    expect(truncDate('quarter', '2026-11-25')).toBe('2026-10-01');
    expect(bucketOrdinal('week', '2026-11-25', '2026-12-07')).toBe(2);
    expect(bucketOrdinal('month', '2025-11-15', '2026-02-01')).toBe(3);
    expect(bucketOrdinal('quarter', '2026-01-01', '2026-10-01')).toBe(3);
  });
});
