/**
 * The wire types the client speaks, imported as types only from the API's wire module: nothing of its schema
 * library reaches a bundle.
 */
import type { MetricsRequest } from '@miq/embed-api/wire';

export type {
  Annotation,
  Cell,
  CompareMode,
  DateRange,
  DimensionInfo,
  Filter,
  FilterOperator,
  FilterValue,
  Granularity,
  MeasureInfo,
  MemberFilter,
  MemberFormat,
  MemberType,
  MetricsRequest,
  MetricsResponse,
  NormalizedQuery,
  Row,
  SchemaResponse,
  TimeDimension,
} from '@miq/embed-api/wire';
/** The unified metrics query (the request body of `POST /api/v1/metrics`). */
export type MetricsQuery = MetricsRequest;
export type * from './internal/provisional-types.js';
