import { MetricsRequestSchema } from '@miq/embed-api/wire';
import { describe, expect, it } from 'vitest';
import { f, q } from './index.js';

describe('query helpers', () => {
  it('build the literal wire shapes', () => {
    expect(q.lastDays(30)).toBe('last 30 days');
    expect(q.thisMonth()).toBe('this month');
    expect(q.daysAgo(3)).toBe('3 days ago');
    expect(q.between('2024-01-01', '2024-01-31')).toEqual(['2024-01-01', '2024-01-31']);
    expect(q.comparePreviousPeriod()).toBe('previous_period');
    expect(q.comparePreviousYear()).toBe('previous_year');
    expect(f.equals('platform.code', 'meta')).toEqual({
      member: 'platform.code',
      operator: 'equals',
      values: ['meta'],
    });
    expect(f.in('platform.code', 'google_ads', 'meta')).toEqual({
      member: 'platform.code',
      operator: 'in',
      values: ['google_ads', 'meta'],
    });
    expect(f.gt('ads.roas', 2)).toEqual({ member: 'ads.roas', operator: 'gt', values: [2] });
    expect(f.notSet('campaign.name')).toEqual({ member: 'campaign.name', operator: 'notSet' });
    expect(f.inDateRange('date.day', '2024-01-01', '2024-01-31')).toEqual({
      member: 'date.day',
      operator: 'inDateRange',
      values: ['2024-01-01', '2024-01-31'],
    });
    expect(f.and(f.set('a.b'), f.or(f.lt('c.d', 1), f.lte('c.d', 2)))).toEqual({
      and: [
        { member: 'a.b', operator: 'set' },
        {
          or: [
            { member: 'c.d', operator: 'lt', values: [1] },
            { member: 'c.d', operator: 'lte', values: [2] },
          ],
        },
      ],
    });
  });

  it("every helper's output is accepted by the API's own request schema", () => {
    const ranges = [
      q.lastDays(7),
      q.lastWeeks(2),
      q.lastMonths(3),
      q.lastQuarters(1),
      q.lastYears(1),
      q.daysAgo(1),
      q.today(),
      q.yesterday(),
      q.thisWeek(),
      q.thisMonth(),
      q.thisQuarter(),
      q.thisYear(),
      q.lastWeek(),
      q.lastMonth(),
      q.lastQuarter(),
      q.lastYear(),
      q.between('2024-01-01', '2024-03-31'),
    ];
    const filters = [
      f.equals('platform.code', 'meta'),
      f.notEquals('platform.code', 'meta'),
      f.in('account.id', '120208455931760418'),
      f.notIn('account.id', '1'),
      f.contains('campaign.name', 'brand'),
      f.notContains('campaign.name', 'x'),
      f.startsWith('campaign.name', 'B'),
      f.gt('ads.roas', 2),
      f.gte('ads.spend', 10),
      f.lt('ads.ctr', 0.01),
      f.lte('ads.cpc', 3),
      f.set('campaign.name'),
      f.notSet('campaign.name'),
      f.inDateRange('date.day', '2024-01-01', '2024-01-31'),
      f.beforeDate('date.day', '2024-01-01'),
      f.afterDate('date.day', '2024-01-01'),
      f.and(f.equals('a.b', 'x'), f.or(f.gt('c.d', 1), f.lt('c.d', 0))),
    ];
    for (const dateRange of ranges) {
      const body = q.query({
        measures: ['ads.spend'],
        timeDimension: { dimension: 'date.day', granularity: 'week', dateRange },
        compare: q.comparePreviousYear(),
        filters,
      });
      const parsed = MetricsRequestSchema.safeParse(body);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
  });
});
