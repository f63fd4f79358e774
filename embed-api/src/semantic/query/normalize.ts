/**
 * Stage 2, normalize: resolves relative dates in the tenant's time zone, fills in defaults (order: time ascending,
 * else the first measure descending; then every dimension ascending so paging is stable) and derives the
 * comparison range. The result's `normalized` part is what the response echoes and cache keys hash.
 */
import type { NormalizedQuery } from '../../wire/index.js';
import { type DateRangeTuple, previousPeriod, previousYear, resolveRelativeRange, todayIn } from './dates.js';
import type { NormalizedPlanInput, ValidatedQuery } from './types.js';

export function normalizeQuery(
  q: ValidatedQuery,
  timeZone: string,
  now: Date,
  facts: readonly string[],
): NormalizedPlanInput {
  let range: DateRangeTuple | null = null;
  let relative: string | null = null;
  if (q.time?.dateRange) {
    if (typeof q.time.dateRange === 'string') {
      relative = q.time.dateRange.trim().toLowerCase().replace(/\s+/g, ' ');
      range = resolveRelativeRange(relative, todayIn(timeZone, now));
    } else range = q.time.dateRange;
  }
  const compareRange =
    q.compare && range ? (q.compare === 'previous_year' ? previousYear(range) : previousPeriod(range)) : null;

  const timeKey = q.time?.granularity ? `date.${q.time.granularity}` : null;
  const order = [...q.order];
  if (order.length === 0) {
    if (timeKey) order.push({ key: timeKey, direction: 'asc' });
    else if (q.measures[0] && q.dimensions.length > 0) order.push({ key: q.measures[0].member, direction: 'desc' });
  }
  for (const key of [...(timeKey ? [timeKey] : []), ...q.dimensions.map((d) => d.key)]) {
    if (!order.some((o) => o.key === key)) order.push({ key, direction: 'asc' });
  }

  const normalized: NormalizedQuery = {
    measures: q.measures.map((m) => m.member),
    dimensions: q.dimensions.map((d) => d.key),
    timeDimension: q.time
      ? {
          dimension: q.time.member.member,
          granularity: q.time.granularity,
          dateRange: range ? [range[0], range[1]] : null,
          relativeRange: relative,
        }
      : null,
    compare: q.compare && compareRange ? { mode: q.compare, dateRange: [compareRange[0], compareRange[1]] } : null,
    filters: [...q.rawFilters],
    order: order.map((o) => [o.key, o.direction]),
    limit: q.limit,
    offset: q.offset,
    total: q.total,
    ...(q.cumulative
      ? { cumulative: { measures: q.cumulative.measures.map((m) => m.member), reset: q.cumulative.reset } }
      : {}),
    ...(q.top ? { top: { n: q.top.n, by: q.top.by.member, per: [...q.top.per], direction: q.top.direction } } : {}),
    timeZone,
  };
  return {
    ...q,
    time: q.time ? { member: q.time.member, granularity: q.time.granularity, range, relative } : null,
    order,
    compareRange,
    normalized,
    facts,
  };
}
