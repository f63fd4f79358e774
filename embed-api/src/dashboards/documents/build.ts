/**
 * Small builders for panels, so each document reads like the table in DASHBOARDS.md. Every chart spec reads the
 * query's rows (`{ data: { name: 'rows' } }`) with fields named after the query's members.
 */
import type { DashboardPanel, PanelQuery } from '../schema.js';

type Filters = NonNullable<PanelQuery['filters']>;
type Granularity = NonNullable<NonNullable<PanelQuery['timeDimension']>['granularity']>;

export const onPlatform = (code: string): Filters => [{ member: 'platform.code', operator: 'equals', values: [code] }];

const q = (query: PanelQuery, filters?: Filters): PanelQuery =>
  filters && filters.length > 0 ? { ...query, filters } : query;

export function kpi(id: string, title: string, measure: string, filters?: Filters, span = 3): DashboardPanel {
  return { id, type: 'kpi', title, span, query: q({ measures: [measure], compare: 'previous_period' }, filters) };
}

export function table(
  id: string,
  title: string,
  dimensions: string[],
  measures: string[],
  opts: { filters?: Filters; limit?: number; span?: number; order?: [string, 'asc' | 'desc'][] } = {},
): DashboardPanel {
  return {
    id,
    type: 'table',
    title,
    span: opts.span ?? 12,
    pageSize: 10,
    query: q(
      {
        dimensions,
        measures,
        order: opts.order ?? [[measures[0]!, 'desc']],
        ...(opts.limit === undefined ? {} : { limit: opts.limit }),
      },
      opts.filters,
    ),
  };
}

/** One line per measure over time; two measures get two y axes. */
export function trend(
  id: string,
  title: string,
  measures: string[],
  opts: { filters?: Filters; granularity?: Granularity; span?: number } = {},
): DashboardPanel {
  const granularity = opts.granularity ?? 'day';
  // rows carry the time bucket as `date.<granularity>`
  const x = { field: `date.${granularity}`, type: 'temporal', title: null };
  const layer = measures.map((m, i) => ({
    mark: { type: 'line', point: false, ...(i > 0 ? { strokeDash: [4, 3] } : {}) },
    encoding: { x, y: { field: m, type: 'quantitative' }, color: { datum: m } },
  }));
  return {
    id,
    type: 'chart',
    title,
    span: opts.span ?? 12,
    query: q({ measures, timeDimension: { dimension: 'date.day', granularity } }, opts.filters),
    spec: {
      data: { name: 'rows' },
      ...(layer.length === 1
        ? layer[0]
        : { layer, resolve: { scale: { y: measures.length === 2 ? 'independent' : 'shared' } } }),
    },
  };
}

/** A stacked area of one measure over time, split by a dimension. */
export function stackedArea(
  id: string,
  title: string,
  measure: string,
  by: string,
  opts: { filters?: Filters; granularity?: Granularity; span?: number } = {},
): DashboardPanel {
  const granularity = opts.granularity ?? 'week';
  return {
    id,
    type: 'chart',
    title,
    span: opts.span ?? 6,
    query: q(
      {
        measures: [measure],
        dimensions: [by],
        timeDimension: { dimension: 'date.day', granularity },
      },
      opts.filters,
    ),
    spec: {
      data: { name: 'rows' },
      mark: 'area',
      encoding: {
        x: { field: `date.${granularity}`, type: 'temporal', title: null },
        y: { field: measure, type: 'quantitative', stack: 'zero' },
        color: { field: by, type: 'nominal' },
      },
    },
  };
}

/** What a series query adds beyond its measure: running totals, top N, a measure to rank by, a row limit. */
interface SeriesOptions {
  filters?: Filters;
  granularity?: Granularity;
  span?: number;
  /** the y axis title (a running total of net growth is a size) */
  yTitle?: string;
  /** measures the query also needs but the chart does not draw (the `top.by` measure) */
  alsoMeasures?: string[];
  cumulative?: PanelQuery['cumulative'];
  top?: PanelQuery['top'];
  limit?: number;
}

const seriesQuery = (measures: string[], by: string, granularity: Granularity, opts: SeriesOptions): PanelQuery =>
  q(
    {
      measures: [...measures, ...(opts.alsoMeasures ?? [])],
      dimensions: [by],
      timeDimension: { dimension: 'date.day', granularity },
      ...(opts.cumulative ? { cumulative: opts.cumulative } : {}),
      ...(opts.top ? { top: opts.top } : {}),
      ...(opts.limit === undefined ? {} : { limit: opts.limit }),
    },
    opts.filters,
  );

/** A series per dimension value over time. */
export function linesBy(
  id: string,
  title: string,
  measure: string,
  by: string,
  opts: SeriesOptions = {},
): DashboardPanel {
  const granularity = opts.granularity ?? 'week';
  return {
    id,
    type: 'chart',
    title,
    span: opts.span ?? 6,
    query: seriesQuery([measure], by, granularity, opts),
    spec: {
      data: { name: 'rows' },
      mark: 'line',
      encoding: {
        x: { field: `date.${granularity}`, type: 'temporal', title: null },
        y: { field: measure, type: 'quantitative', ...(opts.yTitle ? { title: opts.yTitle } : {}) },
        color: { field: by, type: 'nominal' },
      },
    },
  };
}

/**
 * Two measures per dimension value over time, on their own y axes: the first solid, the second dashed (month-to-date
 * spend against the budget in effect, per campaign).
 */
export function linesVsBy(
  id: string,
  title: string,
  [first, second]: [{ measure: string; title: string }, { measure: string; title: string }],
  by: string,
  opts: SeriesOptions = {},
): DashboardPanel {
  const granularity = opts.granularity ?? 'day';
  const x = { field: `date.${granularity}`, type: 'temporal', title: null };
  const color = { field: by, type: 'nominal' };
  return {
    id,
    type: 'chart',
    title,
    span: opts.span ?? 12,
    query: seriesQuery([first.measure, second.measure], by, granularity, opts),
    spec: {
      data: { name: 'rows' },
      layer: [
        {
          mark: { type: 'line', point: false },
          encoding: { x, y: { field: first.measure, type: 'quantitative', title: first.title }, color },
        },
        {
          mark: { type: 'line', point: false, strokeDash: [4, 3] },
          encoding: { x, y: { field: second.measure, type: 'quantitative', title: second.title }, color },
        },
      ],
      resolve: { scale: { y: 'independent' } },
    },
  };
}

/** A ranked horizontal bar of one measure by a dimension (or grouped bars for several measures). */
export function bar(
  id: string,
  title: string,
  measures: string[],
  by: string,
  opts: { filters?: Filters; limit?: number; span?: number } = {},
): DashboardPanel {
  const first = measures[0]!;
  const spec =
    measures.length === 1
      ? {
          mark: 'bar',
          encoding: {
            y: { field: by, type: 'nominal', sort: '-x', title: null },
            x: { field: first, type: 'quantitative' },
          },
        }
      : {
          transform: [{ fold: measures, as: ['measure', 'value'] }],
          mark: 'bar',
          encoding: {
            y: { field: by, type: 'nominal', title: null },
            yOffset: { field: 'measure', type: 'nominal' },
            x: { field: 'value', type: 'quantitative', title: null },
            color: { field: 'measure', type: 'nominal', title: null },
          },
        };
  return {
    id,
    type: 'chart',
    title,
    span: opts.span ?? 6,
    query: q(
      {
        measures,
        dimensions: [by],
        order: [[first, 'desc']],
        ...(opts.limit === undefined ? {} : { limit: opts.limit }),
      },
      opts.filters,
    ),
    spec: { data: { name: 'rows' }, ...spec },
  };
}

/** A heatmap of one measure over two dimensions. */
export function heatmap(
  id: string,
  title: string,
  measure: string,
  x: string,
  y: string,
  opts: { filters?: Filters; span?: number } = {},
): DashboardPanel {
  return {
    id,
    type: 'chart',
    title,
    span: opts.span ?? 6,
    query: q({ measures: [measure], dimensions: [x, y] }, opts.filters),
    spec: {
      data: { name: 'rows' },
      mark: 'rect',
      encoding: {
        x: { field: x, type: 'nominal', title: null },
        y: { field: y, type: 'nominal', title: null },
        color: { field: measure, type: 'quantitative' },
      },
    },
  };
}

/** A scatter of two measures, one point per dimension value. */
export function scatter(
  id: string,
  title: string,
  by: string,
  xMeasure: string,
  yMeasure: string,
  opts: { filters?: Filters; span?: number; size?: string } = {},
): DashboardPanel {
  const measures = [xMeasure, yMeasure, ...(opts.size ? [opts.size] : [])];
  return {
    id,
    type: 'chart',
    title,
    span: opts.span ?? 6,
    query: q({ measures, dimensions: [by], order: [[measures.at(-1)!, 'desc']], limit: 200 }, opts.filters),
    spec: {
      data: { name: 'rows' },
      mark: { type: 'point', filled: true },
      encoding: {
        x: { field: xMeasure, type: 'quantitative' },
        y: { field: yMeasure, type: 'quantitative' },
        ...(opts.size ? { size: { field: opts.size, type: 'quantitative' } } : {}),
        tooltip: [{ field: by, type: 'nominal' }],
      },
    },
  };
}

/** The agent's ranked findings for this dashboard (`POST /agents/recommend`), rendered by `<miq-insights>`. */
export function findings(title = 'Findings', span = 12): DashboardPanel {
  return { id: 'findings', type: 'findings', title, span };
}

/** Anomaly alerts (`GET /alerts`) with their setting changes, rendered by `<miq-alerts>`. */
export function alerts(title = 'Active alerts', span = 12): DashboardPanel {
  return { id: 'alerts', type: 'alerts', title, span };
}
