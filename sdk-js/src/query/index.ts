import type { CompareMode, DateRange, Filter, FilterValue, MemberFilter, MetricsQuery } from '../types.js';

/**
 * Date ranges, comparisons and query literals that read like the sentence they mean. Relative ranges are resolved
 * by the API in the tenant's time zone.
 *
 * @example
 * client.metrics(q.query({ measures: ['ads.spend'], timeDimension: { dimension: 'date.day', granularity: 'week', dateRange: q.lastDays(30) }, compare: q.comparePreviousPeriod() }));
 */
export const q = {
  /** Typed identity: checks a query literal against the wire type. */
  query: <Q extends MetricsQuery>(query: Q): Q => query,
  lastDays: (n: number): DateRange => `last ${n} days`,
  lastWeeks: (n: number): DateRange => `last ${n} weeks`,
  lastMonths: (n: number): DateRange => `last ${n} months`,
  lastQuarters: (n: number): DateRange => `last ${n} quarters`,
  lastYears: (n: number): DateRange => `last ${n} years`,
  /** The single day `n` days before today. */
  daysAgo: (n: number): DateRange => `${n} days ago`,
  today: (): DateRange => 'today',
  yesterday: (): DateRange => 'yesterday',
  thisWeek: (): DateRange => 'this week',
  thisMonth: (): DateRange => 'this month',
  thisQuarter: (): DateRange => 'this quarter',
  thisYear: (): DateRange => 'this year',
  lastWeek: (): DateRange => 'last week',
  lastMonth: (): DateRange => 'last month',
  lastQuarter: (): DateRange => 'last quarter',
  lastYear: (): DateRange => 'last year',
  /** Inclusive ISO dates. */
  between: (from: string, to: string): DateRange => [from, to],
  comparePreviousPeriod: (): CompareMode => 'previous_period',
  comparePreviousYear: (): CompareMode => 'previous_year',
} as const;

const op =
  (operator: MemberFilter['operator']) =>
  (member: string, ...values: FilterValue[]): Filter => ({ member, operator, values });
const unary =
  (operator: MemberFilter['operator']) =>
  (member: string): Filter => ({ member, operator });

/**
 * Filter builders. Filters on measures apply after aggregation.
 *
 * @example
 * f.and(f.in('platform.code', 'google_ads', 'meta'), f.lt('ads.roas', 2))
 */
export const f = {
  equals: (member: string, value: FilterValue): Filter => ({ member, operator: 'equals', values: [value] }),
  notEquals: op('notEquals'),
  in: op('in'),
  notIn: op('notIn'),
  contains: op('contains'),
  notContains: op('notContains'),
  startsWith: op('startsWith'),
  gt: (member: string, value: number): Filter => ({ member, operator: 'gt', values: [value] }),
  gte: (member: string, value: number): Filter => ({ member, operator: 'gte', values: [value] }),
  lt: (member: string, value: number): Filter => ({ member, operator: 'lt', values: [value] }),
  lte: (member: string, value: number): Filter => ({ member, operator: 'lte', values: [value] }),
  set: unary('set'),
  notSet: unary('notSet'),
  inDateRange: (member: string, from: string, to: string): Filter => ({
    member,
    operator: 'inDateRange',
    values: [from, to],
  }),
  beforeDate: (member: string, date: string): Filter => ({ member, operator: 'beforeDate', values: [date] }),
  afterDate: (member: string, date: string): Filter => ({ member, operator: 'afterDate', values: [date] }),
  and: (...filters: Filter[]): Filter => ({ and: filters }),
  or: (...filters: Filter[]): Filter => ({ or: filters }),
} as const;
