/**
 * The wire types the widgets read, from the API's wire module (type-only: nothing of zod reaches a bundle), plus the
 * widgets' own readonly view of a query they build.
 */
import type {
  Annotation,
  Cell,
  CompareMode,
  Cumulative,
  Filter,
  FilterOperator,
  Granularity,
  MemberFormat,
  MetricsResponse,
  Row,
  Top,
} from '@miq/embed-api/wire';

export type { CompareMode, Filter, FilterOperator, Granularity, MemberFormat, MetricsResponse };

/** An annotation as the API sends it; `higherIsBetter` may come later (see `direction.ts` for the fallback). */
export type MemberAnnotation = Annotation & { readonly higherIsBetter?: boolean };
export type MetricsValue = Cell;
export type MetricsRow = Readonly<Row>;

export interface QueryFilter {
  readonly member: string;
  readonly operator: FilterOperator;
  readonly values?: readonly (string | number | boolean)[];
}

export interface TimeDimension {
  readonly dimension: string;
  readonly granularity?: Granularity;
  /** `[from, to]` ISO dates, or a relative range the API resolves in the tenant's time zone (`last 30 days`). */
  readonly dateRange?: readonly [string, string] | string;
}

/** A metrics request (`POST /api/v1/metrics`) as the widgets build it. */
export interface MetricsQuery {
  readonly measures?: readonly string[];
  readonly dimensions?: readonly string[];
  readonly timeDimension?: TimeDimension;
  readonly compare?: CompareMode;
  readonly filters?: readonly (QueryFilter | Filter)[];
  readonly order?: readonly (readonly [string, 'asc' | 'desc'])[];
  readonly limit?: number;
  readonly offset?: number;
  readonly total?: boolean;
  /** Running totals (dashboard panels: list size, month-to-date spend); passed through as the panel defines it. */
  readonly cumulative?: Readonly<Cumulative>;
  /** Top N per group (dashboard panels: CTR trend of the top ads); passed through as the panel defines it. */
  readonly top?: Readonly<Top>;
}

export interface FilterOption {
  readonly value: string;
  readonly label: string;
}
