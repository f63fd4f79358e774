/**
 * Loads and validates the catalog from dbt's `semantic_manifest.json` (passed in as parsed JSON: no file access here).
 * Supported subset: simple, ratio and derived metrics; sum, count, count_distinct, min, max measures; additive,
 * semi-additive (`non_additive_dimension` on the time dimension, last value) and non-additive (`meta.aggregation:
 * non_additive` + `meta.grain`) measures. Anything else — or any inconsistency — throws one Error listing every problem,
 * so start-up refuses.
 *
 * @example
 * const catalog = loadCatalog(JSON.parse(await readFile('data/test/semantic_manifest.json', 'utf8')));
 */
import type { Granularity, MemberFormat, MemberType } from '../../wire/index.js';
import { GRANULARITIES, MEMBER_FORMATS } from '../../wire/index.js';
import { hashString } from './hash.js';
import { type ManifestMetric, type ManifestSemanticModel, SemanticManifest } from './manifest-schema.js';
import { type DerivedAst, parseDerivedExpr } from './metric-expr.js';
import type {
  AggFunction,
  Aggregation,
  Catalog,
  ColumnExpr,
  DimensionMember,
  EntityTable,
  Fact,
  Measure,
  Member,
  MetricExpr,
  MetricMember,
  TableRef,
  TimeMember,
} from './types.js';

const AGG_FUNCTIONS: readonly AggFunction[] = ['sum', 'count', 'count_distinct', 'min', 'max'];
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MEMBER = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;
const DIM_TYPES: readonly MemberType[] = ['string', 'number', 'boolean'];
const ADDITIVITY_RANK: Record<Aggregation, number> = { additive: 0, semi_additive: 1, non_additive: 2 };

class Problems {
  readonly #seen = new Set<string>();
  readonly list: string[] = [];
  add(where: string, what: string): void {
    const line = `${where}: ${what}`;
    if (this.#seen.has(line)) return;
    this.#seen.add(line);
    this.list.push(line);
  }
}

function meta(element: { config?: { meta?: Record<string, unknown> | null } | null }): Record<string, unknown> {
  return element.config?.meta ?? {};
}

function metaString(m: Record<string, unknown>, key: string): string | undefined {
  const v = m[key];
  return typeof v === 'string' ? v : undefined;
}

function parseColumnExpr(expr: string | number | boolean | null | undefined, fallback: string): ColumnExpr | string {
  const text = expr === null || expr === undefined ? fallback : String(expr).trim();
  if (IDENT.test(text)) return { kind: 'column', column: text };
  const str = /^'([A-Za-z0-9_ :./-]*)'$/.exec(text);
  if (str) return { kind: 'constant', value: str[1] ?? '' };
  if (/^-?\d+(\.\d+)?$/.test(text)) return { kind: 'constant', value: Number(text) };
  return `expr "${text}" is not supported (use a column name or a constant)`;
}

function tableOf(sm: ManifestSemanticModel): TableRef {
  return { schema: sm.node_relation.schema_name, name: sm.node_relation.alias };
}

const TIME_TITLES: Record<Granularity, string> = {
  day: 'Day',
  week: 'Week (Monday)',
  month: 'Month',
  quarter: 'Quarter',
  year: 'Year',
};

/** Loads the catalog; throws an Error naming every problem. */
export function loadCatalog(manifestJson: unknown): Catalog {
  if (manifestJson === null || manifestJson === undefined) {
    throw new Error('Semantic catalog: the semantic manifest is missing (run `dbt parse`).');
  }
  const parsed = SemanticManifest.safeParse(manifestJson);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Semantic catalog: the semantic manifest is malformed:\n  ${issues.join('\n  ')}`);
  }
  const manifest = parsed.data;
  const problems = new Problems();
  const facts = new Map<string, Fact>();
  const entityTables = new Map<string, EntityTable>();
  const measures = new Map<string, Measure>();
  const members = new Map<string, Member>();

  const addMember = (m: Member, where: string): void => {
    if (!MEMBER.test(m.member)) problems.add(where, `member name "${m.member}" must look like "cube.name"`);
    else if (members.has(m.member)) problems.add(where, `member "${m.member}" is defined twice`);
    else members.set(m.member, m);
  };

  for (const g of GRANULARITIES) {
    const t: TimeMember = {
      kind: 'time',
      member: `date.${g}`,
      title: TIME_TITLES[g],
      description: `The ${g} of the fact's date, in the data's own calendar days.`,
      type: 'time',
      granularity: g,
    };
    members.set(t.member, t);
  }

  // Pass 1: entity tables (semantic models without measures, with a primary entity) and facts.
  for (const sm of manifest.semantic_models) {
    const where = `semantic model "${sm.name}"`;
    if (!IDENT.test(sm.node_relation.alias) || !IDENT.test(sm.node_relation.schema_name)) {
      problems.add(where, 'its relation must be a plain schema.table name');
    }
    const primary = sm.entities.find((e) => e.type === 'primary');
    if (sm.measures.length === 0) {
      if (!primary) {
        problems.add(where, 'a dimension model needs a primary entity');
        continue;
      }
      const key = parseColumnExpr(primary.expr, primary.name);
      if (typeof key === 'string' || key.kind !== 'column') {
        problems.add(where, `primary entity "${primary.name}": ${typeof key === 'string' ? key : 'must be a column'}`);
        continue;
      }
      if (entityTables.has(primary.name)) problems.add(where, `entity "${primary.name}" is primary in two models`);
      const currentRow = metaString(meta(sm), 'current_row') ?? null;
      if (currentRow !== null && !IDENT.test(currentRow)) problems.add(where, 'meta.current_row must be a column');
      entityTables.set(primary.name, { entity: primary.name, table: tableOf(sm), key, currentRow });
      continue;
    }
    const timeDimName = sm.defaults?.agg_time_dimension;
    const timeDim = sm.dimensions.find((d) => d.name === timeDimName && d.type === 'time');
    if (!timeDim) {
      problems.add(where, 'a fact needs defaults.agg_time_dimension naming one of its time dimensions');
      continue;
    }
    const timeCol = parseColumnExpr(timeDim.expr, timeDim.name);
    if (typeof timeCol === 'string' || timeCol.kind !== 'column') {
      problems.add(where, `time dimension "${timeDim.name}" must be a column`);
      continue;
    }
    if ((timeDim.type_params?.time_granularity ?? 'day') !== 'day') {
      problems.add(where, `time dimension "${timeDim.name}" must have granularity day`);
    }
    const entities = new Map<string, ColumnExpr>();
    for (const e of sm.entities) {
      if (e.type === 'primary' || e.type === 'unique' || e.type === 'natural') continue;
      if (e.type !== 'foreign') problems.add(where, `entity "${e.name}": type "${e.type}" is not supported`);
      if (e.role) problems.add(where, `entity "${e.name}": roles are not supported`);
      const expr = parseColumnExpr(e.expr, e.name);
      if (typeof expr === 'string') problems.add(where, `entity "${e.name}": ${expr}`);
      else entities.set(e.name, expr);
    }
    const sources = meta(sm).sources;
    facts.set(sm.name, {
      name: sm.name,
      table: tableOf(sm),
      timeColumn: timeCol.column,
      entities,
      sources: Array.isArray(sources) ? sources.filter((s): s is string => typeof s === 'string') : [],
    });
  }

  // Pass 2: dimensions, measures.
  for (const sm of manifest.semantic_models) {
    const where = `semantic model "${sm.name}"`;
    const fact = facts.get(sm.name);
    const primary = sm.entities.find((e) => e.type === 'primary');
    const entityTable = fact ? undefined : primary ? entityTables.get(primary.name) : undefined;
    for (const d of sm.dimensions) {
      const dWhere = `${where}, dimension "${d.name}"`;
      if (d.type === 'time') {
        if (fact && d.name === sm.defaults?.agg_time_dimension) continue;
        problems.add(dWhere, 'time dimensions other than a fact’s agg_time_dimension are not supported');
        continue;
      }
      if (d.type !== 'categorical') {
        problems.add(dWhere, `type "${d.type}" is not supported`);
        continue;
      }
      if (d.type_params?.validity_params) problems.add(dWhere, 'validity_params are not supported');
      const m = meta(d);
      const type = (metaString(m, 'type') ?? 'string') as MemberType;
      if (!DIM_TYPES.includes(type)) problems.add(dWhere, `meta.type "${type}" must be one of ${DIM_TYPES.join(', ')}`);
      const expr = parseColumnExpr(d.expr, d.name);
      if (typeof expr === 'string') {
        problems.add(dWhere, expr);
        continue;
      }
      if (!fact && !entityTable) continue;
      const isEntityKey =
        entityTable !== undefined && expr.kind === 'column' && entityTable.key.kind === 'column'
          ? expr.column === entityTable.key.column
          : false;
      const dim: DimensionMember = {
        kind: 'dimension',
        member: metaString(m, 'member') ?? `${sm.name}.${d.name}`,
        title: metaString(m, 'title') ?? d.label ?? d.name,
        description: d.description ?? '',
        type,
        owner: fact ? { kind: 'fact', fact: fact.name } : { kind: 'entity', entity: entityTable?.entity ?? '' },
        expr,
        isEntityKey,
      };
      addMember(dim, dWhere);
    }
    for (const ms of sm.measures) {
      const mWhere = `${where}, measure "${ms.name}"`;
      if (!fact) {
        problems.add(mWhere, 'measures must live on a fact with an agg_time_dimension');
        continue;
      }
      if (!AGG_FUNCTIONS.includes(ms.agg as AggFunction)) {
        problems.add(mWhere, `agg "${ms.agg}" is not supported (supported: ${AGG_FUNCTIONS.join(', ')})`);
        continue;
      }
      if (ms.agg_params) problems.add(mWhere, 'agg_params are not supported');
      if (ms.agg_time_dimension && ms.agg_time_dimension !== sm.defaults?.agg_time_dimension) {
        problems.add(mWhere, 'a measure-specific agg_time_dimension is not supported');
      }
      const expr = parseColumnExpr(ms.expr, ms.name);
      if (typeof expr === 'string') {
        problems.add(mWhere, expr);
        continue;
      }
      const m = meta(ms);
      let aggregation: Aggregation = 'additive';
      let grain: string[] = [];
      let lastOver: string | undefined;
      if (ms.non_additive_dimension) {
        const nad = ms.non_additive_dimension;
        if (nad.name !== sm.defaults?.agg_time_dimension) {
          problems.add(mWhere, 'non_additive_dimension must be the fact’s agg_time_dimension');
        }
        if (nad.window_choice !== 'max') problems.add(mWhere, 'only window_choice: max (last value) is supported');
        if (nad.window_groupings && nad.window_groupings.length > 0) {
          problems.add(mWhere, 'window_groupings are not supported');
        }
        aggregation = 'semi_additive';
        lastOver = fact.timeColumn;
      }
      const metaAgg = m.aggregation;
      if (
        metaAgg !== undefined &&
        metaAgg !== 'additive' &&
        metaAgg !== 'non_additive' &&
        metaAgg !== 'semi_additive'
      ) {
        problems.add(
          mWhere,
          `meta.aggregation "${String(metaAgg)}" is not one of additive, semi_additive, non_additive`,
        );
      }
      if (metaAgg === 'semi_additive' && !lastOver) {
        problems.add(mWhere, 'meta.aggregation semi_additive needs non_additive_dimension');
      }
      if (metaAgg === 'non_additive') {
        aggregation = 'non_additive';
        const g = m.grain;
        if (!Array.isArray(g) || g.length === 0 || !g.every((x) => typeof x === 'string')) {
          problems.add(mWhere, 'a non_additive measure needs meta.grain: the members it is valid at');
        } else grain = g as string[];
      }
      let inEffect: { from: string; to: string } | undefined;
      if (m.in_effect !== undefined) {
        const ie = m.in_effect as { from?: unknown; to?: unknown } | null;
        if (
          typeof ie !== 'object' ||
          ie === null ||
          typeof ie.from !== 'string' ||
          typeof ie.to !== 'string' ||
          !IDENT.test(ie.from) ||
          !IDENT.test(ie.to)
        ) {
          problems.add(mWhere, 'meta.in_effect must be { from: <date column>, to: <date column> }');
        } else inEffect = { from: ie.from, to: ie.to };
        if (aggregation !== 'semi_additive') {
          problems.add(mWhere, 'meta.in_effect needs non_additive_dimension (the value on each bucket’s last day)');
        }
      }
      if (measures.has(ms.name)) problems.add(mWhere, 'measure names must be unique');
      measures.set(ms.name, {
        kind: 'measure',
        name: ms.name,
        fact: fact.name,
        agg: ms.agg as AggFunction,
        expr,
        aggregation,
        grain,
        ...(lastOver ? { lastOver } : {}),
        ...(inEffect ? { inEffect } : {}),
      });
    }
  }

  // Facts' entities must have a dimension table unless they are only keys (platform 'ga4' has one: dim_platform).
  for (const f of facts.values()) {
    for (const e of f.entities.keys()) {
      if (!entityTables.has(e)) problems.add(`semantic model "${f.name}"`, `entity "${e}" has no dimension model`);
    }
  }

  // Metrics.
  const byName = new Map<string, ManifestMetric>(manifest.metrics.map((m) => [m.name, m]));
  const resolved = new Map<string, MetricExpr>();
  const resolving = new Set<string>();
  const failed = new Set<string>();
  const resolveMetric = (name: string, where: string): MetricExpr | undefined => {
    const done = resolved.get(name);
    if (done) return done;
    if (failed.has(name)) return undefined;
    const metric = byName.get(name);
    if (!metric) {
      problems.add(where, `references unknown metric "${name}"`);
      return undefined;
    }
    if (resolving.has(name)) {
      problems.add(where, `metric "${name}" refers to itself`);
      return undefined;
    }
    resolving.add(name);
    const expr = metricExpr(metric);
    resolving.delete(name);
    if (expr) resolved.set(name, expr);
    else failed.add(name);
    return expr;
  };
  const checkInput = (
    input: {
      filter?: unknown;
      offset_window?: unknown;
      offset_to_grain?: unknown;
      join_to_timespine?: boolean | null;
      fill_nulls_with?: unknown;
    },
    where: string,
  ): void => {
    if (input.filter) problems.add(where, 'input filters are not supported');
    if (input.offset_window || input.offset_to_grain) problems.add(where, 'offsets are not supported');
    if (input.join_to_timespine) problems.add(where, 'join_to_timespine is not supported');
    if (input.fill_nulls_with !== null && input.fill_nulls_with !== undefined) {
      problems.add(where, 'fill_nulls_with is not supported');
    }
  };
  function metricExpr(metric: ManifestMetric): MetricExpr | undefined {
    const where = `metric "${metric.name}"`;
    const tp = metric.type_params;
    if (metric.filter) problems.add(where, 'metric filters are not supported');
    if (tp.window || tp.grain_to_date) problems.add(where, 'windows / grain_to_date are not supported');
    switch (metric.type) {
      case 'simple': {
        if (!tp.measure) {
          problems.add(where, 'a simple metric needs type_params.measure');
          return undefined;
        }
        checkInput(tp.measure, where);
        if (!measures.has(tp.measure.name)) {
          problems.add(where, `references unknown measure "${tp.measure.name}"`);
          return undefined;
        }
        return { kind: 'measure', measure: tp.measure.name };
      }
      case 'ratio': {
        if (!tp.numerator || !tp.denominator) {
          problems.add(where, 'a ratio metric needs a numerator and a denominator');
          return undefined;
        }
        checkInput(tp.numerator, where);
        checkInput(tp.denominator, where);
        const left = resolveMetric(tp.numerator.name, where);
        const right = resolveMetric(tp.denominator.name, where);
        return left && right ? { kind: 'binary', op: '/', left, right } : undefined;
      }
      case 'derived': {
        if (!tp.expr) {
          problems.add(where, 'a derived metric needs type_params.expr');
          return undefined;
        }
        let ast: DerivedAst;
        try {
          ast = parseDerivedExpr(tp.expr);
        } catch (e) {
          problems.add(where, (e as Error).message);
          return undefined;
        }
        const inputs = new Map<string, string>();
        for (const input of tp.metrics ?? []) {
          checkInput(input, where);
          inputs.set(input.alias ?? input.name, input.name);
        }
        const convert = (node: DerivedAst): MetricExpr | undefined => {
          switch (node.kind) {
            case 'number':
              return node;
            case 'negate': {
              const operand = convert(node.operand);
              return operand ? { kind: 'negate', operand } : undefined;
            }
            case 'binary': {
              const left = convert(node.left);
              const right = convert(node.right);
              return left && right ? { kind: 'binary', op: node.op, left, right } : undefined;
            }
            case 'ref': {
              const target = inputs.get(node.name);
              if (!target) {
                problems.add(where, `expr uses "${node.name}", which is not in type_params.metrics`);
                return undefined;
              }
              return resolveMetric(target, where);
            }
          }
        };
        return convert(ast);
      }
      default:
        problems.add(where, `type "${metric.type}" is not supported (supported: simple, ratio, derived)`);
        return undefined;
    }
  }

  for (const metric of manifest.metrics) {
    const where = `metric "${metric.name}"`;
    const expr = resolveMetric(metric.name, where);
    if (!expr) continue;
    const m = meta(metric);
    const used = [...collectMeasures(expr)];
    const usedFacts = [...new Set(used.map((u) => measures.get(u)?.fact ?? ''))];
    if (usedFacts.length !== 1) problems.add(where, 'a metric must read measures of exactly one fact');
    const format = metaString(m, 'format') ?? 'number';
    if (!MEMBER_FORMATS.includes(format as MemberFormat)) {
      problems.add(where, `meta.format "${format}" must be one of ${MEMBER_FORMATS.join(', ')}`);
    }
    const currency = metaString(m, 'currency') ?? null;
    if (currency !== null && currency !== 'reporting') problems.add(where, 'meta.currency must be "reporting"');
    if (format === 'currency' && currency === null) problems.add(where, 'a currency metric needs meta.currency');
    let aggregation: Aggregation = 'additive';
    const grain = new Set<string>();
    for (const u of used) {
      const base = measures.get(u);
      if (!base) continue;
      if (ADDITIVITY_RANK[base.aggregation] > ADDITIVITY_RANK[aggregation]) aggregation = base.aggregation;
      for (const g of base.grain) grain.add(g);
    }
    const member: MetricMember = {
      kind: 'metric',
      member: metaString(m, 'member') ?? metric.name.replace('_', '.'),
      dbtName: metric.name,
      title: metaString(m, 'title') ?? metric.label ?? metric.name,
      description: metric.description ?? '',
      format: format as MemberFormat,
      currency: currency as 'reporting' | null,
      metricType: metric.type as MetricMember['metricType'],
      expr,
      measures: used,
      facts: usedFacts,
      aggregation,
      grain: [...grain],
    };
    addMember(member, where);
  }

  for (const ms of measures.values()) {
    for (const g of ms.grain) {
      if (!members.has(g)) problems.add(`measure "${ms.name}"`, `meta.grain names unknown member "${g}"`);
    }
  }
  if (facts.size === 0) problems.add('semantic manifest', 'defines no fact (semantic model with measures)');

  const spine = manifest.project_configuration?.time_spines?.[0]?.node_relation;
  const timeSpine =
    spine && IDENT.test(spine.alias) && IDENT.test(spine.schema_name)
      ? { schema: spine.schema_name, name: spine.alias }
      : null;
  if (!timeSpine && [...measures.values()].some((x) => x.inEffect)) {
    problems.add('semantic manifest', 'meta.in_effect measures need a daily time spine (project_configuration)');
  }

  if (problems.list.length > 0) {
    throw new Error(`Semantic catalog is invalid (${problems.list.length} problems):\n  ${problems.list.join('\n  ')}`);
  }
  const firstFact = [...facts.values()][0] as Fact;
  return {
    version: hashString(JSON.stringify(manifestJson)),
    facts,
    entityTables,
    measures,
    members,
    freshnessTable: { schema: firstFact.table.schema, name: 'source_freshness' },
    timeSpine,
  };
}

function* collectMeasures(expr: MetricExpr): Generator<string> {
  const seen = new Set<string>();
  const stack: MetricExpr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop() as MetricExpr;
    if (e.kind === 'measure' && !seen.has(e.measure)) {
      seen.add(e.measure);
      yield e.measure;
    } else if (e.kind === 'binary') stack.push(e.right, e.left);
    else if (e.kind === 'negate') stack.push(e.operand);
  }
}
