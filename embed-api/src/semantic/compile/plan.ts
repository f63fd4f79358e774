/**
 * Stage 3, plan: decides which facts to read, which dimension tables each joins (current SCD row), which base measures
 * each aggregates, and the aliases every column gets. Measures of different facts are aggregated per fact on the same
 * dimension keys and joined afterwards, so no fact row is ever counted twice. Pure data, no SQL yet.
 */
import type { Granularity } from '../../wire/index.js';
import type {
  Catalog,
  ColumnExpr,
  DimensionMember,
  EntityTable,
  Fact,
  Measure,
  MetricMember,
  TableRef,
  TimeMember,
} from '../catalog/types.js';
import type { LockedFilter } from '../query/authorize.js';
import { type DateRangeTuple, truncDate } from '../query/dates.js';
import type { NormalizedPlanInput, ResolvedFilter } from '../query/types.js';

/** Where a dimension value comes from inside one fact's CTE. */
export type SourceExpr =
  | { readonly kind: 'fact_column'; readonly column: string }
  | { readonly kind: 'join_column'; readonly join: string; readonly column: string }
  | { readonly kind: 'constant'; readonly value: string | number }
  | { readonly kind: 'time'; readonly column: string; readonly granularity: Granularity }
  /** the day of the time spine a change-history row is expanded over (`inEffect` measures) */
  | { readonly kind: 'spine'; readonly granularity: Granularity };

export interface PlannedJoin {
  readonly alias: string;
  readonly table: EntityTable;
  /** The fact's column (or constant) holding the entity key. */
  readonly factKey: ColumnExpr;
}

export interface PlannedFact {
  readonly alias: string;
  readonly fact: Fact;
  readonly joins: readonly PlannedJoin[];
  /** One per output dimension, in the same order for every fact. */
  readonly dimensions: readonly SourceExpr[];
  readonly measures: readonly { readonly alias: string; readonly measure: Measure }[];
  /** ANDed: dimension filters, locked filters (as `in`), the date range. */
  readonly filters: readonly PlannedFilter[];
  /**
   * Running totals (`cumulative`) with a date range: the same fact before the range (from the reset period's start, or
   * from the first day), aggregated per non-time dimension — the opening balance the running sums start from. Its
   * time slot is a constant so that it groups by the other dimensions only.
   */
  readonly opening: PlannedFact | null;
  /**
   * `inEffect` measures: each fact row joined to every day of the time spine it is in effect on (`from` ≤ day <
   * `to`); the day replaces the fact's time column. A fact with both kinds of measures is planned twice.
   */
  readonly spine: { readonly table: TableRef; readonly from: string; readonly to: string } | null;
}

export type PlannedFilter =
  | { readonly kind: 'and'; readonly children: readonly PlannedFilter[] }
  | { readonly kind: 'or'; readonly children: readonly PlannedFilter[] }
  | {
      readonly kind: 'leaf';
      readonly source: SourceExpr;
      readonly type: 'string' | 'number' | 'boolean' | 'time';
      readonly operator: string;
      readonly values: readonly (string | number | boolean)[];
    };

export type PlannedMetricFilter =
  | { readonly kind: 'and'; readonly children: readonly PlannedMetricFilter[] }
  | { readonly kind: 'or'; readonly children: readonly PlannedMetricFilter[] }
  | {
      readonly kind: 'leaf';
      readonly metric: MetricMember;
      readonly operator: string;
      readonly values: readonly number[];
    };

export interface QueryPlan {
  readonly location: string;
  readonly tenantId: string;
  readonly facts: readonly PlannedFact[];
  /** Output dimensions: row key and SQL alias. */
  readonly dimensions: readonly {
    readonly key: string;
    readonly alias: string;
    readonly member: DimensionMember | TimeMember;
  }[];
  /** Output measures: row key, SQL alias, metric. */
  readonly measures: readonly { readonly key: string; readonly alias: string; readonly metric: MetricMember }[];
  /** Base measure name → `{ fact alias, column alias }`. */
  readonly measureRefs: ReadonlyMap<string, { readonly fact: string; readonly alias: string }>;
  readonly measureFilters: readonly PlannedMetricFilter[];
  readonly order: readonly { readonly alias: string; readonly direction: 'asc' | 'desc' }[];
  readonly limit: number;
  readonly offset: number;
  readonly total: boolean;
  /** Running totals: output metric members summed over the time buckets; the time dimension is `dimensions[0]`. */
  readonly cumulative: {
    readonly metrics: ReadonlySet<string>;
    readonly reset: Granularity | null;
    /** The first day of the date range (null: no range, nothing before it to open with). */
    readonly rangeStart: string | null;
  } | null;
  /**
   * Top N per group (not on the comparison query, whose rows are matched by key): rank the combinations of `ranked`
   * within each combination of `per` (aliases) by the metric `by`; `overTime`: `by` over the whole range, so an
   * entity keeps one rank in every time bucket.
   */
  readonly top: {
    readonly n: number;
    readonly by: MetricMember;
    readonly direction: 'asc' | 'desc';
    readonly per: readonly string[];
    readonly ranked: readonly string[];
    readonly overTime: boolean;
  } | null;
}

function sourceFor(
  fact: Fact,
  member: DimensionMember | TimeMember,
  joinFor: (t: EntityTable, key: ColumnExpr) => string,
  catalog: Catalog,
  spine = false,
): SourceExpr {
  if (member.kind === 'time') {
    return spine
      ? { kind: 'spine', granularity: member.granularity }
      : { kind: 'time', column: fact.timeColumn, granularity: member.granularity };
  }
  if (member.owner.kind === 'fact') {
    return member.expr.kind === 'column'
      ? { kind: 'fact_column', column: member.expr.column }
      : { kind: 'constant', value: member.expr.value };
  }
  const key = fact.entities.get(member.owner.entity) as ColumnExpr;
  if (member.isEntityKey || member.expr.kind === 'constant') {
    if (member.expr.kind === 'constant') return { kind: 'constant', value: member.expr.value };
    return key.kind === 'column' ? { kind: 'fact_column', column: key.column } : { kind: 'constant', value: key.value };
  }
  const table = catalog.entityTables.get(member.owner.entity) as EntityTable;
  return { kind: 'join_column', join: joinFor(table, key), column: member.expr.column };
}

function leafType(member: DimensionMember | TimeMember): 'string' | 'number' | 'boolean' | 'time' {
  return member.type;
}

export interface PlanOptions {
  readonly range: DateRangeTuple | null;
  readonly location: string;
  readonly tenantId: string;
  readonly locked: readonly LockedFilter[];
  /** The comparison query: no measure filters, order, offset or total. */
  readonly comparison: boolean;
  readonly maxRows: number;
}

/** @example planQuery(catalog, normalizedQuery, { range, location: 'rare-seeds', tenantId: 'rare-seeds', locked: [], comparison: false, maxRows: 50000 }) */
export function planQuery(catalog: Catalog, q: NormalizedPlanInput, o: PlanOptions): QueryPlan {
  const outputDims: { key: string; member: DimensionMember | TimeMember }[] = [...q.dimensions];
  if (q.time?.granularity) {
    const g = q.time.granularity;
    const member = catalog.members.get(`date.${g}`) as TimeMember;
    outputDims.unshift({ key: member.member, member });
  }
  const dimAliases = outputDims.map((d, i) => ({ key: d.key, alias: `d${i}`, member: d.member }));

  const metrics = [...q.measures, ...q.hiddenMeasures];
  const factNames = [...q.facts];
  const measureRefs = new Map<string, { fact: string; alias: string }>();
  let measureCounter = 0;

  // a fact read by both plain and in-effect measures is planned twice: the in-effect copy expands rows over days
  const inEffectOf = (name: string) =>
    metrics
      .flatMap((m) => m.measures)
      .filter((x) => catalog.measures.get(x)?.fact === name && catalog.measures.get(x)?.inEffect);
  const parts = factNames.flatMap((name) => {
    const expanded = inEffectOf(name);
    const plain = metrics
      .flatMap((m) => m.measures)
      .filter((x) => catalog.measures.get(x)?.fact === name && !catalog.measures.get(x)?.inEffect);
    if (expanded.length === 0) return [{ name, inEffect: false }];
    return plain.length > 0
      ? [
          { name, inEffect: false },
          { name, inEffect: true },
        ]
      : [{ name, inEffect: true }];
  });
  const facts: PlannedFact[] = parts.map(({ name, inEffect }, fi) => {
    const fact = catalog.facts.get(name) as Fact;
    const alias = `f${fi}`;
    const effect = inEffect ? catalog.measures.get(inEffectOf(name)[0] as string)?.inEffect : undefined;
    const spine = effect && catalog.timeSpine ? { table: catalog.timeSpine, from: effect.from, to: effect.to } : null;
    const joins: PlannedJoin[] = [];
    const joinFor = (table: EntityTable, factKey: ColumnExpr): string => {
      const existing = joins.find((j) => j.table.entity === table.entity);
      if (existing) return existing.alias;
      const j = { alias: `j${joins.length}`, table, factKey };
      joins.push(j);
      return j.alias;
    };
    const dimensions = outputDims.map((d) => sourceFor(fact, d.member, joinFor, catalog, !!spine));
    const planFilter = (f: ResolvedFilter): PlannedFilter => {
      if (f.kind === 'and' || f.kind === 'or') return { kind: f.kind, children: f.children.map(planFilter) };
      if (f.kind !== 'dimension') throw new Error('measure filter in dimension position');
      return {
        kind: 'leaf',
        source: sourceFor(fact, f.member, joinFor, catalog, !!spine),
        type: leafType(f.member),
        operator: f.operator,
        values: f.values,
      };
    };
    const filters: PlannedFilter[] = q.dimensionFilters.map(planFilter);
    for (const l of o.locked) {
      filters.push({
        kind: 'leaf',
        source: sourceFor(fact, l.member, joinFor, catalog),
        type: 'string',
        operator: 'in',
        values: l.values,
      });
    }
    const cumulativeBase = new Set((q.cumulative?.measures ?? []).flatMap((m) => m.measures));
    const openingFilters: PlannedFilter[] = [...filters];
    const day: SourceExpr = spine
      ? { kind: 'spine', granularity: 'day' }
      : { kind: 'fact_column', column: fact.timeColumn };
    if (o.range) {
      openingFilters.push({
        kind: 'leaf',
        source: day,
        type: 'time',
        operator: 'lt',
        values: [o.range[0]],
      });
      if (q.cumulative?.reset) {
        openingFilters.push({
          kind: 'leaf',
          source: day,
          type: 'time',
          operator: 'gte',
          values: [truncDate(q.cumulative.reset, o.range[0])],
        });
      }
      filters.push({
        kind: 'leaf',
        source: day,
        type: 'time',
        operator: 'inDateRange',
        values: [o.range[0], o.range[1]],
      });
    }
    const measures: { alias: string; measure: Measure }[] = [];
    for (const metric of metrics) {
      for (const mName of metric.measures) {
        const measure = catalog.measures.get(mName) as Measure;
        if (measure.fact !== name || measureRefs.has(mName) || !!measure.inEffect !== inEffect) continue;
        const mAlias = `m${measureCounter++}`;
        measureRefs.set(mName, { fact: alias, alias: mAlias });
        measures.push({ alias: mAlias, measure });
      }
    }
    const openingMeasures = measures.filter((m) => cumulativeBase.has(m.measure.name));
    const opening: PlannedFact | null =
      o.range && q.time?.granularity && openingMeasures.length > 0
        ? {
            alias: `o${fi}`,
            fact,
            joins,
            dimensions: dimensions.map((d, i) => (i === 0 ? { kind: 'constant', value: 0 } : d)),
            measures: openingMeasures,
            filters: openingFilters,
            opening: null,
            spine,
          }
        : null;
    return { alias, fact, joins, dimensions, measures, filters, opening, spine };
  });

  const measures = q.measures.map((m, i) => ({ key: m.member, alias: `x${i}`, metric: m }));
  const planMetricFilter = (f: ResolvedFilter): PlannedMetricFilter => {
    if (f.kind === 'and' || f.kind === 'or') return { kind: f.kind, children: f.children.map(planMetricFilter) };
    if (f.kind !== 'measure') throw new Error('dimension filter in measure position');
    return { kind: 'leaf', metric: f.member, operator: f.operator, values: f.values };
  };
  const aliasOf = new Map<string, string>([
    ...dimAliases.map((d) => [d.key, d.alias] as const),
    ...measures.map((m) => [m.key, m.alias] as const),
  ]);
  return {
    location: o.location,
    tenantId: o.tenantId,
    facts,
    dimensions: dimAliases,
    measures,
    measureRefs,
    measureFilters: o.comparison ? [] : q.measureFilters.map(planMetricFilter),
    // The comparison's rows are matched by key, so it needs no order — except with running totals, whose window
    // `order by` would otherwise make tools that look for an ORDER BY think the rows are ordered.
    order:
      o.comparison && !q.cumulative
        ? []
        : q.order
            .map((x) => ({ alias: aliasOf.get(x.key) as string, direction: x.direction }))
            .filter((x) => !!x.alias),
    limit: o.comparison ? o.maxRows : q.limit,
    offset: o.comparison ? 0 : q.offset,
    total: o.comparison ? false : q.total,
    top: q.top && !o.comparison ? planTop(q, dimAliases) : null,
    cumulative:
      q.cumulative && q.time?.granularity
        ? {
            metrics: new Set(q.cumulative.measures.map((m) => m.member)),
            reset: q.cumulative.reset,
            rangeStart: o.range?.[0] ?? null,
          }
        : null,
  };
}

function planTop(
  q: NormalizedPlanInput,
  dims: readonly { key: string; alias: string; member: DimensionMember | TimeMember }[],
): QueryPlan['top'] {
  const top = q.top;
  if (!top) return null;
  const timeKey = q.time?.granularity ? `date.${q.time.granularity}` : null;
  const alias = (key: string) => dims.find((d) => d.key === key)?.alias as string;
  return {
    n: top.n,
    by: top.by,
    direction: top.direction,
    per: top.per.map(alias),
    ranked: dims.filter((d) => d.key !== timeKey && !top.per.includes(d.key)).map((d) => d.alias),
    overTime: timeKey !== null && !top.per.includes(timeKey),
  };
}
