/**
 * Stage 4, build: turns a QueryPlan into a Kysely query for one dialect and compiles it to `{ sql, parameters }`.
 * Every value is a bound parameter; identifiers come from the validated catalog and are quoted by the compiler.
 *
 * Shape: one CTE per fact (`f0`, `f1`: aggregate on the output dimensions), then, for several facts, a CTE of the
 * union of their dimension keys (`k`) that each fact's CTE is left-joined to with null-safe equality; the outer
 * select computes metrics (ratios of sums, `nullif` against zero denominators), measure filters, order, paging.
 */
import { type RawBuilder, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Granularity } from '../../wire/index.js';
import type { ColumnExpr, Measure, MetricExpr } from '../catalog/types.js';
import type { AnyDb, SqlDialect } from './dialects/sql-dialect.js';
import { dateTrunc } from './dialects/sql-dialect.js';
import type { PlannedFact, PlannedFilter, PlannedMetricFilter, QueryPlan, SourceExpr } from './plan.js';

export interface BuiltQuery {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

const TENANT_COLUMN = 'tenant_id';
/** The time spine's day column (MetricFlow's standard daily spine). */
const SPINE_DAY = 'date_day';
const TOTAL_ALIAS = 'total_rows';
const TOP_BY = 'top_by';
const TOP_RANK = 'top_rank';

// biome-ignore lint/suspicious/noExplicitAny: the builder's row type is dynamic (aliases come from the plan).
type AnyQuery = SelectQueryBuilder<AnyDb, any, any>;

function tableRef(location: string, schema: string, name: string): RawBuilder<unknown> {
  return sql`${sql.id(location, schema, name)}`;
}

function constant(value: string | number): RawBuilder<unknown> {
  return sql.lit(value);
}

function columnOf(alias: string, expr: ColumnExpr): RawBuilder<unknown> {
  return expr.kind === 'column' ? sql.ref(`${alias}.${expr.column}`) : constant(expr.value);
}

function sourceSql(s: SourceExpr): RawBuilder<unknown> {
  switch (s.kind) {
    case 'fact_column':
      return sql.ref(`f.${s.column}`);
    case 'join_column':
      return sql.ref(`${s.join}.${s.column}`);
    case 'constant':
      return constant(s.value);
    case 'time':
      return dateTrunc(s.granularity, sql.ref(`f.${s.column}`));
    case 'spine':
      return dateTrunc(s.granularity, sql.ref(`ts.${SPINE_DAY}`));
  }
}

function orJoin(parts: RawBuilder<unknown>[]): RawBuilder<SqlBool> {
  if (parts.length === 1) return parts[0] as RawBuilder<SqlBool>;
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}

function andJoin(parts: RawBuilder<unknown>[]): RawBuilder<SqlBool> {
  if (parts.length === 0) return sql<SqlBool>`1 = 1`;
  if (parts.length === 1) return parts[0] as RawBuilder<SqlBool>;
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

function bind(value: string | number | boolean, type: 'string' | 'number' | 'boolean' | 'time'): RawBuilder<unknown> {
  return type === 'time' ? sql`cast(${value} as date)` : sql`${value}`;
}

/** SQL for one operator over `col`; shared by dimension filters (before) and measure filters (after aggregation). */
function operatorSql(
  dialect: SqlDialect,
  col: RawBuilder<unknown>,
  operator: string,
  values: readonly (string | number | boolean)[],
  type: 'string' | 'number' | 'boolean' | 'time',
): RawBuilder<SqlBool> {
  const vals = values.map((v) => bind(v, type));
  const list = sql.join(vals);
  switch (operator) {
    case 'equals':
      return vals.length === 1 ? sql<SqlBool>`${col} = ${vals[0]}` : sql<SqlBool>`${col} in (${list})`;
    case 'in':
      return vals.length === 0 ? sql<SqlBool>`1 = 0` : sql<SqlBool>`${col} in (${list})`;
    case 'notEquals':
    case 'notIn':
      return sql<SqlBool>`(${col} not in (${list}) or ${col} is null)`;
    case 'contains':
      return orJoin(values.map((v) => sql`contains(lower(${col}), lower(${v}))`));
    case 'notContains':
      return sql<SqlBool>`(not ${orJoin(values.map((v) => sql`contains(lower(${col}), lower(${v}))`))} or ${col} is null)`;
    case 'startsWith':
      return orJoin(values.map((v) => dialect.startsWith(sql`lower(${col})`, sql`lower(${v})`)));
    case 'gt':
    case 'afterDate':
      return sql<SqlBool>`${col} > ${vals[0]}`;
    case 'gte':
      return sql<SqlBool>`${col} >= ${vals[0]}`;
    case 'lt':
    case 'beforeDate':
      return sql<SqlBool>`${col} < ${vals[0]}`;
    case 'lte':
      return sql<SqlBool>`${col} <= ${vals[0]}`;
    case 'inDateRange':
      return sql<SqlBool>`${col} between ${vals[0]} and ${vals[1]}`;
    case 'set':
      return sql<SqlBool>`${col} is not null`;
    case 'notSet':
      return sql<SqlBool>`${col} is null`;
    default:
      throw new Error(`unsupported operator ${operator}`);
  }
}

function filterSql(dialect: SqlDialect, f: PlannedFilter): RawBuilder<SqlBool> {
  if (f.kind === 'and' || f.kind === 'or') {
    const parts = f.children.map((c) => filterSql(dialect, c));
    return f.kind === 'and' ? andJoin(parts) : orJoin(parts);
  }
  return operatorSql(dialect, sourceSql(f.source), f.operator, f.values, f.type);
}

function aggregateSql(m: Measure, input: RawBuilder<unknown>): RawBuilder<unknown> {
  switch (m.agg) {
    case 'sum':
      return sql`sum(${input})`;
    case 'count':
      return sql`count(${input})`;
    case 'count_distinct':
      return sql`count(distinct ${input})`;
    case 'min':
      return sql`min(${input})`;
    case 'max':
      return sql`max(${input})`;
  }
}

function factCte(dialect: SqlDialect, plan: QueryPlan, pf: PlannedFact): AnyQuery {
  const { fact } = pf;
  let q: AnyQuery = dialect.db.selectFrom(
    tableRef(plan.location, fact.table.schema, fact.table.name).as('f'),
  ) as AnyQuery;
  if (pf.spine) {
    const { table, from, to } = pf.spine;
    const day = sql.ref(`ts.${SPINE_DAY}`);
    q = q.innerJoin(tableRef(plan.location, table.schema, table.name).as('ts'), (join) =>
      join.on(
        sql<SqlBool>`${day} >= ${sql.ref(`f.${from}`)} and (${sql.ref(`f.${to}`)} is null or ${day} < ${sql.ref(`f.${to}`)})`,
      ),
    ) as AnyQuery;
  }
  for (const j of pf.joins) {
    const t = j.table;
    const on: RawBuilder<unknown>[] = [
      sql`${columnOf(j.alias, t.key)} = ${columnOf('f', j.factKey)}`,
      sql`${sql.ref(`${j.alias}.${TENANT_COLUMN}`)} = ${plan.tenantId}`,
    ];
    if (t.currentRow) on.push(sql`${sql.ref(`${j.alias}.${t.currentRow}`)}`);
    q = q.leftJoin(tableRef(plan.location, t.table.schema, t.table.name).as(j.alias), (join) =>
      join.on(andJoin(on)),
    ) as AnyQuery;
  }
  const dims = pf.dimensions.map((d) => sourceSql(d));
  const needsLast = pf.measures.some((m) => m.measure.aggregation === 'semi_additive');
  const selections: unknown[] = dims.map((d, i) => d.as(`d${i}`));
  if (needsLast) {
    // Semi-additive (last value over time): aggregate only the rows of each group's latest day.
    const time = pf.spine ? sql.ref(`ts.${SPINE_DAY}`) : sql.ref(`f.${fact.timeColumn}`);
    selections.push(time.as('t'));
    selections.push(
      sql`max(${time}) over (partition by ${dims.length > 0 ? sql.join(dims) : sql.lit(1)})`.as('t_last'),
    );
    for (const m of pf.measures) selections.push(columnOf('f', m.measure.expr).as(`i_${m.alias}`));
  } else {
    for (const m of pf.measures) selections.push(aggregateSql(m.measure, columnOf('f', m.measure.expr)).as(m.alias));
  }
  q = q.select(selections as never) as AnyQuery;
  q = q.where(sql<SqlBool>`${sql.ref(`f.${TENANT_COLUMN}`)} = ${plan.tenantId}`) as AnyQuery;
  for (const f of pf.filters) q = q.where(filterSql(dialect, f)) as AnyQuery;
  if (needsLast) {
    const inner = q;
    const dimRefs = pf.dimensions.map((_, i) => sql.ref(`s.d${i}`));
    let outer = dialect.db.selectFrom(inner.as('s')) as AnyQuery;
    const outSel: unknown[] = dimRefs.map((d, i) => d.as(`d${i}`));
    for (const m of pf.measures) {
      const input = sql.ref(`s.i_${m.alias}`);
      const value =
        m.measure.aggregation === 'semi_additive'
          ? sql`case when ${sql.ref('s.t')} = ${sql.ref('s.t_last')} then ${input} end`
          : input;
      outSel.push(aggregateSql(m.measure, value).as(m.alias));
    }
    outer = outer.select(outSel as never) as AnyQuery;
    if (dimRefs.length > 0) outer = outer.groupBy(dimRefs as never) as AnyQuery;
    return outer;
  }
  // Constant dimensions (a fact's platform code) need no grouping; numeric literals would even read as positions.
  const groupBy = dims.filter((_, i) => pf.dimensions[i]?.kind !== 'constant');
  if (groupBy.length > 0) q = q.groupBy(groupBy as never) as AnyQuery;
  // Only constant dimensions and no measure: nothing aggregates, so without this every fact row would come back (and
  // the outer key join would multiply the facts' rows together).
  else if (pf.measures.length === 0) q = q.distinct() as AnyQuery;
  return q;
}

/**
 * Running totals: a base measure's sum over the time buckets up to the row's, per combination of the other
 * dimensions (and reset period), plus the opening balance of the days before the date range.
 */
interface RunningContext {
  readonly source: string;
  readonly reset: Granularity | null;
  readonly rangeStart: string | null;
  readonly openings: ReadonlyMap<string, string>;
}

function runningSql(plan: QueryPlan, ctx: RunningContext, factAlias: string, alias: string): RawBuilder<unknown> {
  const [time, ...others] = plan.dimensions.map((d) => sql.ref(`${ctx.source}.${d.alias}`));
  const partition = [...others, ...(ctx.reset ? [dateTrunc(ctx.reset, time as RawBuilder<unknown>)] : [])];
  const over =
    partition.length > 0
      ? sql`partition by ${sql.join(partition)} order by ${time} rows between unbounded preceding and current row`
      : sql`order by ${time} rows between unbounded preceding and current row`;
  const running = sql`sum(coalesce(${sql.ref(`${factAlias}.${alias}`)}, 0)) over (${over})`;
  const opening = ctx.openings.get(factAlias);
  if (!opening || !ctx.rangeStart) return running;
  const balance = sql`coalesce(${sql.ref(`${opening}.${alias}`)}, 0)`;
  if (!ctx.reset) return sql`(${balance} + ${running})`;
  // only the reset period the range starts in has days before the range
  const first = sql`${dateTrunc(ctx.reset, time as RawBuilder<unknown>)} = ${dateTrunc(ctx.reset, sql`cast(${ctx.rangeStart} as date)`)}`;
  return sql`(case when ${first} then ${balance} else 0 end + ${running})`;
}

/** How a metric reads one of its base measures: the fact CTE's column, or a window over it. */
type MeasureRef = (factAlias: string, alias: string) => RawBuilder<unknown>;
const plainRef: MeasureRef = (f, a) => sql.ref(`${f}.${a}`);

function metricSql(plan: QueryPlan, e: MetricExpr, ref: MeasureRef = plainRef): RawBuilder<unknown> {
  switch (e.kind) {
    case 'measure': {
      const planned = plan.measureRefs.get(e.measure);
      if (!planned) throw new Error(`measure ${e.measure} not planned`);
      return ref(planned.fact, planned.alias);
    }
    case 'number':
      return sql.lit(e.value);
    case 'negate':
      return sql`(-${metricSql(plan, e.operand, ref)})`;
    case 'binary': {
      const l = metricSql(plan, e.left, ref);
      const r = metricSql(plan, e.right, ref);
      if (e.op === '/') return sql`(cast(${l} as double) / nullif(${r}, 0))`;
      return sql`(${l} ${sql.raw(e.op)} ${r})`;
    }
  }
}

function metricFilterSql(dialect: SqlDialect, plan: QueryPlan, f: PlannedMetricFilter): RawBuilder<SqlBool> {
  if (f.kind === 'and' || f.kind === 'or') {
    const parts = f.children.map((c) => metricFilterSql(dialect, plan, c));
    return f.kind === 'and' ? andJoin(parts) : orJoin(parts);
  }
  return operatorSql(dialect, metricSql(plan, f.metric.expr), f.operator, f.values, 'number');
}

/** @example buildQuery(dialectFor('duckdb'), plan) // { sql: 'with "f0" as (select ...', parameters: [...] } */
export function buildQuery(dialect: SqlDialect, plan: QueryPlan): BuiltQuery {
  let creator = dialect.db.with(plan.facts[0]?.alias ?? 'f0', () =>
    factCte(dialect, plan, plan.facts[0] as PlannedFact),
  );
  for (const pf of plan.facts.slice(1))
    creator = creator.with(pf.alias, () => factCte(dialect, plan, pf)) as unknown as typeof creator;
  const openings = plan.facts.flatMap((pf) => (pf.opening ? [[pf.alias, pf.opening] as const] : []));
  for (const [, o] of openings) {
    creator = creator.with(o.alias, () => factCte(dialect, plan, o)) as unknown as typeof creator;
  }
  const dimAliases = plan.dimensions.map((d) => d.alias);
  const multi = plan.facts.length > 1;
  // With top N the main select becomes a CTE itself (ranked in a second one), so it is built without the WITH.
  const from = (table: string): AnyQuery =>
    (plan.top ? dialect.db.selectFrom(table) : creator.selectFrom(table)) as AnyQuery;
  let q: AnyQuery;
  if (multi && dimAliases.length > 0) {
    const keyUnion = plan.facts
      .map((pf) => dialect.db.selectFrom(pf.alias).select(dimAliases) as AnyQuery)
      .reduce((acc, next) => acc.union(next) as AnyQuery);
    creator = creator.with('k', () => keyUnion) as unknown as typeof creator;
    q = from('k');
    for (const pf of plan.facts) {
      q = q.leftJoin(pf.alias, (join) =>
        join.on(
          andJoin(dimAliases.map((a) => sql`${sql.ref(`${pf.alias}.${a}`)} is not distinct from ${sql.ref(`k.${a}`)}`)),
        ),
      ) as AnyQuery;
    }
  } else {
    q = from(plan.facts[0]?.alias ?? 'f0');
    for (const pf of plan.facts.slice(1)) q = q.crossJoin(pf.alias) as AnyQuery;
  }
  const source = multi && dimAliases.length > 0 ? 'k' : (plan.facts[0]?.alias ?? 'f0');
  // the opening balances join on the dimensions other than time (the first)
  for (const [, o] of openings) {
    q = q.leftJoin(o.alias, (join) =>
      join.on(
        andJoin(
          dimAliases
            .slice(1)
            .map((a) => sql`${sql.ref(`${o.alias}.${a}`)} is not distinct from ${sql.ref(`${source}.${a}`)}`),
        ),
      ),
    ) as AnyQuery;
  }
  const running: RunningContext | undefined = plan.cumulative
    ? {
        source,
        reset: plan.cumulative.reset,
        rangeStart: plan.cumulative.rangeStart,
        openings: new Map(openings.map(([f, o]) => [f, o.alias])),
      }
    : undefined;
  const runningRef: MeasureRef | undefined = running ? (f, a) => runningSql(plan, running, f, a) : undefined;
  const selections: unknown[] = [
    ...dimAliases.map((a) => sql.ref(`${source}.${a}`).as(a)),
    ...plan.measures.map((m) =>
      metricSql(plan, m.metric.expr, plan.cumulative?.metrics.has(m.key) ? runningRef : undefined).as(m.alias),
    ),
  ];
  if (plan.top) {
    const top = plan.top;
    // over a time series: `by` over the whole range per entity (window sums over the time buckets)
    const entity = dimAliases.filter((a) => a !== dimAliases[0] || !top.overTime).map((a) => sql.ref(`${source}.${a}`));
    const overRange: MeasureRef = (f, a) =>
      sql`sum(coalesce(${sql.ref(`${f}.${a}`)}, 0)) over (partition by ${sql.join(entity)})`;
    selections.push(metricSql(plan, top.by.expr, top.overTime ? overRange : plainRef).as(TOP_BY));
  }
  if (plan.total && !plan.top) selections.push(sql`count(*) over ()`.as(TOTAL_ALIAS));
  q = q.select(selections as never) as AnyQuery;
  for (const f of plan.measureFilters) q = q.where(metricFilterSql(dialect, plan, f)) as AnyQuery;
  if (plan.top) q = rankTop(dialect, creator, plan, q);
  for (const o of plan.order) {
    q = q.orderBy(sql.ref(o.alias), (ob) => (o.direction === 'desc' ? ob.desc() : ob.asc()).nullsLast()) as AnyQuery;
  }
  q = q.limit(plan.limit) as AnyQuery;
  if (plan.offset > 0) q = q.offset(plan.offset) as AnyQuery;
  const compiled = q.compile();
  return { sql: compiled.sql, parameters: compiled.parameters };
}

/**
 * Top N per group: the main select as CTE `t1`, ranked in `t2` (dense_rank over `per`, ordered by `by` and then the
 * ranked dimensions, so an entity's rows share one rank), the rows with rank ≤ n selected from `t2`.
 */
function rankTop(
  dialect: SqlDialect,
  creator: { with: (name: string, f: () => AnyQuery) => unknown },
  plan: QueryPlan,
  main: AnyQuery,
): AnyQuery {
  const top = plan.top as NonNullable<QueryPlan['top']>;
  const by = sql.ref(`t1.${TOP_BY}`);
  const order = sql.join([
    top.direction === 'desc' ? sql`${by} desc nulls last` : sql`${by} asc nulls last`,
    ...top.ranked.map((a) => sql`${sql.ref(`t1.${a}`)} asc nulls last`),
  ]);
  const over =
    top.per.length > 0
      ? sql`partition by ${sql.join(top.per.map((a) => sql.ref(`t1.${a}`)))} order by ${order}`
      : sql`order by ${order}`;
  const ranked = dialect.db
    .selectFrom('t1')
    .selectAll('t1')
    .select(sql`dense_rank() over (${over})`.as(TOP_RANK)) as AnyQuery;
  const withT1 = creator.with('t1', () => main) as { with: (name: string, f: () => AnyQuery) => unknown };
  const withT2 = withT1.with('t2', () => ranked) as { selectFrom: (t: string) => AnyQuery };
  const columns: unknown[] = [
    ...plan.dimensions.map((d) => sql.ref(`t2.${d.alias}`).as(d.alias)),
    ...plan.measures.map((m) => sql.ref(`t2.${m.alias}`).as(m.alias)),
  ];
  if (plan.total) columns.push(sql`count(*) over ()`.as(TOTAL_ALIAS));
  return withT2
    .selectFrom('t2')
    .select(columns as never)
    .where(sql<SqlBool>`${sql.ref(`t2.${TOP_RANK}`)} <= ${top.n}`) as AnyQuery;
}

export { TOTAL_ALIAS };
