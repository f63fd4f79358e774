/**
 * Stage 1, validate: checks the request body's shape field by field (zod), then every member, operator, value and
 * date against the catalog, collecting every problem before throwing one `validation_failed` (400). Messages never
 * echo SQL; member names are only echoed after they matched the strict member pattern.
 */
import { ProblemCollector } from '../../errors/index.js';
import {
  DEFAULT_LIMIT,
  type Filter,
  type FilterOperator,
  type Granularity,
  type MemberFilter,
  MemberFilterSchema,
  type MetricsRequest,
  MetricsRequestFields,
  type MetricsRequestSchema,
} from '../../wire/index.js';
import { canReach } from '../catalog/reach.js';
import type { Catalog, DimensionMember, Member, MetricMember, TimeMember } from '../catalog/types.js';
import { isValidIsoDate, resolveRelativeRange } from './dates.js';
import type { FilterScalar, OutputDimension, ResolvedFilter, ValidatedQuery } from './types.js';

type RequestKey = keyof typeof MetricsRequestSchema.shape;

const OPERATORS_BY_TYPE: Record<'string' | 'number' | 'boolean' | 'time' | 'measure', readonly FilterOperator[]> = {
  string: ['equals', 'notEquals', 'in', 'notIn', 'contains', 'notContains', 'startsWith', 'set', 'notSet'],
  number: ['equals', 'notEquals', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'set', 'notSet'],
  boolean: ['equals', 'notEquals', 'set', 'notSet'],
  time: ['equals', 'notEquals', 'in', 'notIn', 'inDateRange', 'beforeDate', 'afterDate', 'set', 'notSet'],
  measure: ['equals', 'notEquals', 'gt', 'gte', 'lt', 'lte', 'set', 'notSet'],
};

const VALUE_COUNT: Partial<Record<FilterOperator, readonly [number, number]>> = {
  set: [0, 0],
  notSet: [0, 0],
  gt: [1, 1],
  gte: [1, 1],
  lt: [1, 1],
  lte: [1, 1],
  beforeDate: [1, 1],
  afterDate: [1, 1],
  inDateRange: [2, 2],
};

function zodPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return out;
}

/** Parses each top-level field on its own so that one bad field does not hide the others. */
function parseShape(body: unknown, problems: ProblemCollector): Partial<MetricsRequest> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    problems.add('(body)', 'invalid_type', 'The request body must be a JSON object.');
    return {};
  }
  const out: Record<string, unknown> = {};
  const fields = MetricsRequestFields as Record<
    string,
    {
      safeParse(v: unknown): {
        success: boolean;
        data?: unknown;
        error?: { issues: readonly { path: readonly PropertyKey[]; message: string; code: string }[] };
      };
    }
  >;
  for (const [key, value] of Object.entries(body)) {
    const schema = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (!schema) {
      problems.add(
        /^[A-Za-z0-9_]{1,40}$/.test(key) ? key : '(body)',
        'unknown_field',
        'This field is not part of a metrics query.',
      );
      continue;
    }
    if (value === undefined || value === null) continue;
    if (key === 'filters') {
      const filters = parseFilters(value, problems);
      if (filters) out.filters = filters;
      continue;
    }
    const r = schema.safeParse(value);
    if (r.success) out[key as RequestKey] = r.data;
    else {
      for (const issue of (r.error?.issues ?? []).slice(0, 20)) {
        problems.add(
          zodPath(key, issue.path),
          issue.code === 'invalid_type' ? 'invalid_type' : 'invalid_value',
          issue.message,
        );
      }
    }
  }
  return out as Partial<MetricsRequest>;
}

function addIssues(
  problems: ProblemCollector,
  prefix: string,
  issues: readonly { path: readonly PropertyKey[]; message: string; code: string }[],
): void {
  for (const issue of issues.slice(0, 20)) {
    problems.add(
      zodPath(prefix, issue.path),
      issue.code === 'invalid_type' ? 'invalid_type' : 'invalid_value',
      issue.message,
    );
  }
}

const MAX_FILTER_DEPTH = 5;

/** Filters get their own walk so that a bad leaf deep in an and/or names its own path, not just `filters[i]`. */
function parseFilter(value: unknown, field: string, problems: ProblemCollector, depth: number): Filter | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.add(field, 'invalid_type', 'Expected a filter object.');
    return undefined;
  }
  const group = 'and' in value ? 'and' : 'or' in value ? 'or' : null;
  if (group) {
    const list = (value as Record<string, unknown>)[group];
    if (Object.keys(value).length !== 1) problems.add(field, 'invalid_value', `A group has only "${group}".`);
    if (!Array.isArray(list) || list.length === 0 || list.length > 50) {
      problems.add(`${field}.${group}`, 'invalid_value', 'Expected a list of 1 to 50 filters.');
      return undefined;
    }
    if (depth >= MAX_FILTER_DEPTH) {
      problems.add(field, 'too_deep', `Filters nest at most ${MAX_FILTER_DEPTH} levels.`);
      return undefined;
    }
    const children = list.map((c, i) => parseFilter(c, `${field}.${group}[${i}]`, problems, depth + 1));
    if (children.some((c) => c === undefined)) return undefined;
    return (group === 'and' ? { and: children } : { or: children }) as Filter;
  }
  const r = MemberFilterSchema.safeParse(value);
  if (!r.success) {
    addIssues(problems, field, r.error.issues);
    return undefined;
  }
  return r.data;
}

function parseFilters(value: unknown, problems: ProblemCollector): Filter[] | undefined {
  if (!Array.isArray(value) || value.length > 50) {
    problems.add('filters', 'invalid_type', 'Expected a list of at most 50 filters.');
    return undefined;
  }
  // Holes keep the indices of the valid filters, so that their member checks still name `filters[i]`.
  return value.map((f, i) => parseFilter(f, `filters[${i}]`, problems, 1)) as Filter[];
}

interface Ctx {
  readonly catalog: Catalog;
  readonly problems: ProblemCollector;
}

function lookup(ctx: Ctx, name: string, field: string): Member | undefined {
  const m = ctx.catalog.members.get(name);
  if (!m) ctx.problems.add(field, 'unknown_member', `Unknown member "${name}".`);
  return m;
}

function checkValues(
  ctx: Ctx,
  field: string,
  type: 'string' | 'number' | 'boolean' | 'time' | 'measure',
  operator: FilterOperator,
  values: readonly FilterScalar[],
): FilterScalar[] | undefined {
  const [min, max] = VALUE_COUNT[operator] ?? [1, 1000];
  if (values.length < min || values.length > max) {
    const want = min === max ? `exactly ${min}` : `${min} to ${max}`;
    ctx.problems.add(`${field}.values`, 'invalid_values', `Operator "${operator}" takes ${want} value(s).`);
    return undefined;
  }
  const out: FilterScalar[] = [];
  let ok = true;
  values.forEach((v, i) => {
    const vField = `${field}.values[${i}]`;
    if (type === 'number' || type === 'measure') {
      const n =
        typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(v) ? Number(v) : NaN;
      if (!Number.isFinite(n)) {
        ctx.problems.add(vField, 'invalid_type', 'Expected a number.');
        ok = false;
      } else out.push(n);
    } else if (type === 'boolean') {
      const b = typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined;
      if (b === undefined) {
        ctx.problems.add(vField, 'invalid_type', 'Expected true or false.');
        ok = false;
      } else out.push(b);
    } else if (type === 'time') {
      if (typeof v !== 'string' || !isValidIsoDate(v)) {
        ctx.problems.add(vField, 'invalid_date', 'Expected a date YYYY-MM-DD.');
        ok = false;
      } else out.push(v);
    } else if (typeof v !== 'string') {
      ctx.problems.add(vField, 'invalid_type', 'Expected a string (identifiers are strings).');
      ok = false;
    } else out.push(v);
  });
  if (ok && operator === 'inDateRange' && (out[0] as string) > (out[1] as string)) {
    ctx.problems.add(`${field}.values`, 'reversed_date_range', 'The start date is after the end date.');
    ok = false;
  }
  return ok ? out : undefined;
}

function resolveFilter(ctx: Ctx, filter: Filter, field: string): ResolvedFilter | undefined {
  if ('and' in filter || 'or' in filter) {
    const kind = 'and' in filter ? 'and' : 'or';
    const list = 'and' in filter ? filter.and : (filter as { or: readonly Filter[] }).or;
    const children = list.map((f, i) => resolveFilter(ctx, f, `${field}.${kind}[${i}]`));
    if (children.some((c) => c === undefined)) return undefined;
    const resolved = children as ResolvedFilter[];
    const levels = new Set(resolved.map(filterLevel));
    if (levels.size > 1) {
      ctx.problems.add(field, 'mixed_filter_levels', 'A group cannot mix filters on measures and on dimensions.');
      return undefined;
    }
    return { kind, children: resolved };
  }
  const leaf = filter as MemberFilter;
  const member = lookup(ctx, leaf.member, `${field}.member`);
  if (!member) return undefined;
  const type = member.kind === 'metric' ? 'measure' : member.type;
  if (!OPERATORS_BY_TYPE[type].includes(leaf.operator)) {
    ctx.problems.add(
      `${field}.operator`,
      'invalid_operator',
      `Operator "${leaf.operator}" does not apply to ${type === 'measure' ? 'a measure' : `a ${type} member`}.`,
    );
    return undefined;
  }
  const values = checkValues(ctx, field, type, leaf.operator, leaf.values ?? []);
  if (!values) return undefined;
  return member.kind === 'metric'
    ? { kind: 'measure', member, operator: leaf.operator, values: values as number[] }
    : { kind: 'dimension', member, operator: leaf.operator, values };
}

function filterLevel(f: ResolvedFilter): 'measure' | 'dimension' {
  if (f.kind === 'and' || f.kind === 'or') return f.children[0] ? filterLevel(f.children[0]) : 'dimension';
  return f.kind;
}

export function* filterMembers(f: ResolvedFilter): Generator<Member> {
  if (f.kind === 'and' || f.kind === 'or') for (const c of f.children) yield* filterMembers(c);
  else yield f.member;
}

/** Bucket granularities each reset period holds whole (a week can straddle two months, so week buckets never reset). */
const RESETS: Record<Granularity, readonly Granularity[]> = {
  day: ['week', 'month', 'quarter', 'year'],
  week: [],
  month: ['quarter', 'year'],
  quarter: ['year'],
  year: [],
};

function validateCumulative(
  ctx: Ctx,
  req: Partial<MetricsRequest>,
  measures: readonly MetricMember[],
  time: ValidatedQuery['time'],
  measureFilters: readonly ResolvedFilter[],
): ValidatedQuery['cumulative'] {
  const c = req.cumulative;
  if (!c) return null;
  const { problems } = ctx;
  const granularity = time?.granularity ?? null;
  if (!granularity) {
    problems.add('cumulative', 'cumulative_needs_granularity', 'cumulative needs timeDimension.granularity.');
  }
  if (measureFilters.length > 0) {
    problems.add(
      'cumulative',
      'cumulative_with_measure_filter',
      'cumulative cannot be combined with filters on measures.',
    );
  }
  const reset = c.reset ?? null;
  if (reset && granularity && !RESETS[granularity].includes(reset)) {
    const allowed = RESETS[granularity];
    problems.add(
      'cumulative.reset',
      'invalid_reset',
      allowed.length > 0
        ? `With "${granularity}" buckets the reset period is one of: ${allowed.join(', ')}.`
        : `"${granularity}" buckets do not fit whole into a reset period: leave reset out.`,
    );
  }
  const out: MetricMember[] = [];
  c.measures.forEach((name, i) => {
    const field = `cumulative.measures[${i}]`;
    const m = measures.find((x) => x.member === name);
    if (!m) {
      problems.add(field, 'not_in_query', `"${name}" must be one of the query's measures.`);
      return;
    }
    if (out.includes(m)) {
      problems.add(field, 'duplicate_member', `"${name}" is listed twice.`);
      return;
    }
    const summable = m.measures.every((name) => {
      const x = ctx.catalog.measures.get(name);
      return x?.aggregation === 'additive' && (x.agg === 'sum' || x.agg === 'count');
    });
    if (!summable) {
      problems.add(field, 'not_cumulative', `"${name}" does not add up over time, so it has no running total.`);
      return;
    }
    out.push(m);
  });
  return { measures: out, reset };
}

function validateTop(
  ctx: Ctx,
  req: Partial<MetricsRequest>,
  measures: readonly MetricMember[],
  dimensions: readonly OutputDimension[],
  time: ValidatedQuery['time'],
  cumulative: ValidatedQuery['cumulative'],
): ValidatedQuery['top'] {
  const t = req.top;
  if (!t) return null;
  const { problems } = ctx;
  const timeKey = time?.granularity ? `date.${time.granularity}` : null;
  const by = measures.find((m) => m.member === t.by);
  if (!by) problems.add('top.by', 'not_in_query', `"${t.by}" must be one of the query's measures.`);
  else if (cumulative?.measures.includes(by)) {
    problems.add('top.by', 'cumulative_rank', `"${t.by}" is a running total: rank by a plain measure.`);
  }
  const per: string[] = [];
  (t.per ?? []).forEach((key, i) => {
    if (!dimensions.some((d) => d.key === key) && key !== timeKey) {
      problems.add(`top.per[${i}]`, 'not_in_query', `"${key}" must be one of the query's dimensions or its time key.`);
    } else if (per.includes(key)) problems.add(`top.per[${i}]`, 'duplicate_member', `"${key}" is listed twice.`);
    else per.push(key);
  });
  const ranked = dimensions.filter((d) => !per.includes(d.key));
  if (ranked.length === 0) {
    problems.add('top', 'nothing_to_rank', 'top needs a dimension outside top.per to rank (e.g. campaign.name).');
  }
  // Over a time series an entity is ranked on the whole range: that total must add up over time.
  if (by && timeKey && !per.includes(timeKey) && by.aggregation !== 'additive') {
    problems.add(
      'top.by',
      'not_summable_over_time',
      `"${t.by}" does not add up over time: add "${timeKey}" to top.per.`,
    );
  }
  return by ? { n: t.n, by, per, direction: t.direction ?? 'desc' } : null;
}

/**
 * @example
 * const q = validateQuery({ measures: ['ads.spend'], dimensions: ['platform.code'] }, catalog);
 */
export function validateQuery(body: unknown, catalog: Catalog): ValidatedQuery {
  const problems = new ProblemCollector();
  const ctx: Ctx = { catalog, problems };
  const req = parseShape(body, problems);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) problems.throwIfAny();

  const measures: MetricMember[] = [];
  (req.measures ?? []).forEach((name, i) => {
    const m = lookup(ctx, name, `measures[${i}]`);
    if (!m) return;
    if (m.kind !== 'metric')
      problems.add(`measures[${i}]`, 'not_a_measure', `"${name}" is a dimension, not a measure.`);
    else if (measures.includes(m)) problems.add(`measures[${i}]`, 'duplicate_member', `"${name}" is listed twice.`);
    else measures.push(m);
  });

  const dimensions: OutputDimension[] = [];
  (req.dimensions ?? []).forEach((name, i) => {
    const m = lookup(ctx, name, `dimensions[${i}]`);
    if (!m) return;
    if (m.kind === 'metric')
      problems.add(`dimensions[${i}]`, 'not_a_dimension', `"${name}" is a measure, not a dimension.`);
    else if (dimensions.some((d) => d.key === name))
      problems.add(`dimensions[${i}]`, 'duplicate_member', `"${name}" is listed twice.`);
    else dimensions.push({ key: name, member: m });
  });

  let time: ValidatedQuery['time'] = null;
  if (req.timeDimension) {
    const td = req.timeDimension;
    const m = lookup(ctx, td.dimension, 'timeDimension.dimension');
    if (m && m.kind !== 'time') {
      problems.add('timeDimension.dimension', 'not_a_time_dimension', `"${td.dimension}" is not a time dimension.`);
    } else if (m) {
      let dateRange: readonly [string, string] | string | null = null;
      if (Array.isArray(td.dateRange)) {
        const [a, b] = td.dateRange as [string, string];
        const badA = !isValidIsoDate(a);
        const badB = !isValidIsoDate(b);
        if (badA) problems.add('timeDimension.dateRange[0]', 'invalid_date', 'Not a valid calendar date.');
        if (badB) problems.add('timeDimension.dateRange[1]', 'invalid_date', 'Not a valid calendar date.');
        if (!badA && !badB && a > b) {
          problems.add('timeDimension.dateRange', 'reversed_date_range', 'The start date is after the end date.');
        }
        dateRange = [a, b];
      } else if (typeof td.dateRange === 'string') {
        if (!resolveRelativeRange(td.dateRange, '2000-01-01')) {
          problems.add(
            'timeDimension.dateRange',
            'invalid_date_range',
            'Unknown relative date range. Use e.g. "last 30 days", "this month", "yesterday" or [from, to].',
          );
        }
        dateRange = td.dateRange;
      }
      const granularity = td.granularity ?? null;
      if (granularity) {
        const key = `date.${granularity}`;
        if (dimensions.some((d) => d.key === key)) {
          problems.add('timeDimension.granularity', 'duplicate_member', `"${key}" is also listed in dimensions.`);
        }
      }
      time = { member: m, granularity, dateRange };
    }
  }

  const compare = req.compare ?? null;
  if (compare && !time?.dateRange) {
    problems.add('compare', 'compare_needs_date_range', 'compare needs timeDimension.dateRange.');
  }

  const dimensionFilters: ResolvedFilter[] = [];
  const measureFilters: ResolvedFilter[] = [];
  (req.filters ?? []).forEach((f, i) => {
    if (!f) return;
    const r = resolveFilter(ctx, f, `filters[${i}]`);
    if (r) (filterLevel(r) === 'measure' ? measureFilters : dimensionFilters).push(r);
  });

  const outputKeys = new Set<string>([
    ...measures.map((m) => m.member),
    ...dimensions.map((d) => d.key),
    ...(time?.granularity ? [`date.${time.granularity}`] : []),
  ]);
  const order: { key: string; direction: 'asc' | 'desc' }[] = [];
  (req.order ?? []).forEach(([name, direction], i) => {
    if (!catalog.members.has(name)) problems.add(`order[${i}][0]`, 'unknown_member', `Unknown member "${name}".`);
    else if (!outputKeys.has(name)) {
      problems.add(`order[${i}][0]`, 'not_in_query', `"${name}" must be one of the query's measures or dimensions.`);
    } else order.push({ key: name, direction });
  });

  const has = (key: string): boolean => {
    const v = Object.hasOwn(body as object, key) ? (body as Record<string, unknown>)[key] : undefined;
    return Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null;
  };

  const hiddenMeasures: MetricMember[] = [];
  for (const f of measureFilters) {
    for (const m of filterMembers(f)) {
      if (m.kind === 'metric' && !measures.includes(m) && !hiddenMeasures.includes(m)) hiddenMeasures.push(m);
    }
  }

  // Joinability: every dimension used must reach every fact the query reads.
  const allMetrics = [...measures, ...hiddenMeasures];
  const usedDims: (DimensionMember | TimeMember)[] = [
    ...dimensions.map((d) => d.member),
    ...dimensionFilters.flatMap((f) =>
      [...filterMembers(f)].filter((m): m is DimensionMember | TimeMember => m.kind !== 'metric'),
    ),
  ];
  if (allMetrics.length === 0 && usedDims.length === 0 && !has('measures')) {
    problems.add('measures', 'measures_required', 'List at least one measure or dimension.');
  }
  let baseFacts: string[] = [];
  if (allMetrics.length === 0 && usedDims.length > 0) {
    // A dimension-only query lists the combinations that occur in a fact reaching all of its dimensions.
    baseFacts = [...catalog.facts.values()].filter((f) => usedDims.every((d) => canReach(f, d))).map((f) => f.name);
    if (baseFacts.length === 0) {
      problems.add('dimensions', 'not_joinable', 'These dimensions share no fact, so they cannot be listed together.');
    }
  }
  const facts = [...new Set(allMetrics.flatMap((m) => m.facts))].map((f) => catalog.facts.get(f)).filter((f) => !!f);
  const checkReach = (member: DimensionMember | TimeMember, field: string): void => {
    for (const fact of facts) {
      if (!canReach(fact, member)) {
        const m = allMetrics.find((x) => x.facts.includes(fact.name));
        problems.add(field, 'not_joinable', `"${member.member}" cannot slice "${m?.member ?? fact.name}".`);
        return;
      }
    }
  };
  dimensions.forEach((d, i) => {
    checkReach(d.member, `dimensions[${i}]`);
  });
  dimensionFilters.forEach((f, i) => {
    for (const m of filterMembers(f)) if (m.kind !== 'metric') checkReach(m, `filters[${i}]`);
  });

  // Non-additive measures are valid only at their grain.
  const grouped = new Set(outputKeys);
  measures.forEach((m, i) => {
    if (m.aggregation !== 'non_additive') return;
    const missing = m.grain.filter((g) => !grouped.has(g));
    if (missing.length > 0) {
      problems.add(
        `measures[${i}]`,
        'non_additive_grain',
        `"${m.member}" is not additive: it is valid only per ${m.grain.join(', ')} (missing: ${missing.join(', ')}).`,
      );
    }
  });
  hiddenMeasures.forEach((m) => {
    if (m.aggregation === 'non_additive' && m.grain.some((g) => !grouped.has(g))) {
      problems.add('filters', 'non_additive_grain', `"${m.member}" does not add up at this grain.`);
    }
  });

  // In-effect measures expand a change history over the days of the range: without a range there is no last day.
  const inEffect = allMetrics.find((m) => m.measures.some((x) => catalog.measures.get(x)?.inEffect));
  if (inEffect && !time?.dateRange) {
    problems.add(
      time ? 'timeDimension.dateRange' : 'timeDimension',
      'in_effect_needs_date_range',
      `"${inEffect.member}" is the value in effect on each day: it needs timeDimension.dateRange.`,
    );
  }

  const cumulative = validateCumulative(ctx, req, measures, time, measureFilters);
  const top = validateTop(ctx, req, measures, dimensions, time, cumulative);

  problems.throwIfAny();
  return {
    measures,
    dimensions,
    time,
    compare,
    dimensionFilters,
    measureFilters,
    hiddenMeasures,
    baseFacts,
    order,
    limit: req.limit ?? DEFAULT_LIMIT,
    offset: req.offset ?? 0,
    total: req.total ?? false,
    cumulative,
    top,
    rawFilters: (req.filters ?? []).filter((f) => !!f),
  };
}
