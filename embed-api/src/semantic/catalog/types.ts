/**
 * The validated catalog: immutable, typed data derived from dbt's `semantic_manifest.json`. Every SQL expression in it
 * is a bare column name or a constant checked at load time, so the compiler never splices free SQL from the manifest.
 */
import type { Granularity, MemberFormat, MemberType } from '../../wire/index.js';

/** A column of a table, or a constant (`'ga4'`): what an entity, dimension or measure reads. */
export type ColumnExpr =
  | { readonly kind: 'column'; readonly column: string }
  | { readonly kind: 'constant'; readonly value: string | number };

export interface TableRef {
  readonly schema: string;
  readonly name: string;
}

export type Aggregation = 'additive' | 'semi_additive' | 'non_additive';
export type AggFunction = 'sum' | 'count' | 'count_distinct' | 'min' | 'max';

/** A base measure: one aggregate over one fact column. */
export interface Measure {
  readonly kind: 'measure';
  readonly name: string;
  readonly fact: string;
  readonly agg: AggFunction;
  readonly expr: ColumnExpr;
  readonly aggregation: Aggregation;
  /** non_additive: members a query must group by. */
  readonly grain: readonly string[];
  /** semi_additive: the time column whose last value in each group is kept. */
  readonly lastOver?: string;
  /**
   * A change history's value in effect on each day (`meta.in_effect`): each row counts on every day from its `from`
   * date column up to (excluding) its `to` date column (null: still in effect); the query's days come from the time
   * spine. Always semi-additive: per time bucket, the value on its last day.
   */
  readonly inEffect?: { readonly from: string; readonly to: string };
}

/** Arithmetic over base measures: what a metric computes after aggregation. */
export type MetricExpr =
  | { readonly kind: 'measure'; readonly measure: string }
  | { readonly kind: 'number'; readonly value: number }
  | {
      readonly kind: 'binary';
      readonly op: '+' | '-' | '*' | '/';
      readonly left: MetricExpr;
      readonly right: MetricExpr;
    }
  | { readonly kind: 'negate'; readonly operand: MetricExpr };

/** A public measure (`ads.spend`), i.e. a dbt metric. */
export interface MetricMember {
  readonly kind: 'metric';
  readonly member: string;
  readonly dbtName: string;
  readonly title: string;
  readonly description: string;
  readonly format: MemberFormat;
  readonly currency: 'reporting' | null;
  readonly metricType: 'simple' | 'ratio' | 'derived';
  readonly expr: MetricExpr;
  /** Base measures it reads (names). */
  readonly measures: readonly string[];
  readonly facts: readonly string[];
  readonly aggregation: Aggregation;
  readonly grain: readonly string[];
}

/** A public dimension (`campaign.name`). `owner` is the dimension table's entity, or the fact it lives on. */
export interface DimensionMember {
  readonly kind: 'dimension';
  readonly member: string;
  readonly title: string;
  readonly description: string;
  readonly type: MemberType;
  readonly owner:
    | { readonly kind: 'entity'; readonly entity: string }
    | { readonly kind: 'fact'; readonly fact: string };
  readonly expr: ColumnExpr;
  /** True when the dimension is the entity's key itself: read from the fact's foreign key without a join. */
  readonly isEntityKey: boolean;
}

/** The synthetic time dimension `date.<granularity>`, read from each fact's aggregation time column. */
export interface TimeMember {
  readonly kind: 'time';
  readonly member: string;
  readonly title: string;
  readonly description: string;
  readonly type: 'time';
  readonly granularity: Granularity;
}

export type Member = MetricMember | DimensionMember | TimeMember;

/** A table of dimensions reached through an entity (`campaign` → dim_campaign on campaign_key). */
export interface EntityTable {
  readonly entity: string;
  readonly table: TableRef;
  readonly key: ColumnExpr;
  /** SCD-2 flag column: only rows where it is true are joined. */
  readonly currentRow: string | null;
}

export interface Fact {
  readonly name: string;
  readonly table: TableRef;
  readonly timeColumn: string;
  /** Foreign entities: entity name → the fact's column (or constant) holding its key. */
  readonly entities: ReadonlyMap<string, ColumnExpr>;
  readonly sources: readonly string[];
}

export interface Catalog {
  /** Hash of the semantic manifest: part of every cache key. */
  readonly version: string;
  readonly facts: ReadonlyMap<string, Fact>;
  readonly entityTables: ReadonlyMap<string, EntityTable>;
  readonly measures: ReadonlyMap<string, Measure>;
  readonly members: ReadonlyMap<string, Member>;
  /** The table of per-source freshness (`marts.source_freshness`). */
  readonly freshnessTable: TableRef;
  /** The daily time spine (one row per calendar day, column `date_day`), read by `inEffect` measures. */
  readonly timeSpine: TableRef | null;
}
