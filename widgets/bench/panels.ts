/** The six chart panels both benchmark pages render (same queries, same Vega-Lite specs). */
import type { ChartPanel } from '../src/internal/dashboard-document.js';

const bar = (x: string, y: string) => ({
  data: { name: 'rows' },
  mark: 'bar',
  encoding: { x: { field: x, type: 'nominal', sort: '-y' }, y: { field: y, type: 'quantitative' } },
});
const line = (y: string, color?: string) => ({
  data: { name: 'rows' },
  mark: 'line',
  encoding: {
    x: { field: 'date.day', type: 'temporal' },
    y: { field: y, type: 'quantitative' },
    ...(color ? { color: { field: color, type: 'nominal' } } : {}),
  },
});
const daily = { dimension: 'date.day', granularity: 'day' } as const;

export const BENCH_PANELS: readonly ChartPanel[] = [
  {
    id: 'spend-platform',
    type: 'chart',
    title: 'Spend by platform',
    span: 6,
    query: { measures: ['ads.spend'], dimensions: ['platform.code'] },
    spec: bar('platform.code', 'ads.spend'),
  },
  {
    id: 'clicks-daily',
    type: 'chart',
    title: 'Daily clicks',
    span: 6,
    query: { measures: ['ads.clicks'], timeDimension: daily },
    spec: line('ads.clicks'),
  },
  {
    id: 'clicks-device',
    type: 'chart',
    title: 'Clicks by device',
    span: 6,
    query: { measures: ['ads.clicks'], dimensions: ['device.code'] },
    spec: bar('device.code', 'ads.clicks'),
  },
  {
    id: 'spend-campaign',
    type: 'chart',
    title: 'Top campaigns',
    span: 6,
    query: { measures: ['ads.spend'], dimensions: ['campaign.name'], order: [['ads.spend', 'desc']], limit: 10 },
    spec: bar('campaign.name', 'ads.spend'),
  },
  {
    id: 'spend-daily-platform',
    type: 'chart',
    title: 'Daily spend by platform',
    span: 6,
    query: { measures: ['ads.spend'], dimensions: ['platform.code'], timeDimension: daily },
    spec: line('ads.spend', 'platform.code'),
  },
  {
    id: 'conversions-platform',
    type: 'chart',
    title: 'Conversions by platform',
    span: 6,
    query: { measures: ['ads.conversions'], dimensions: ['platform.code'] },
    spec: bar('platform.code', 'ads.conversions'),
  },
];

/** What the dashboard's default filter state adds to each panel query (the same for the baseline page). */
export const DATE_RANGE = 'last 30 days';

export interface BenchResult {
  /** ms from navigation start to the first chart painted, and to all six. */
  readonly first: number;
  readonly all: number;
  /** widgets page only: first panel data, chart runtime and compiler chunks received */
  readonly firstData?: number;
  readonly runtimeLoaded?: number;
  readonly compilerLoaded?: number;
}

export function params(): { api: string; token: string } {
  const p = new URLSearchParams(location.hash.slice(1));
  return { api: p.get('api')!, token: p.get('token')! };
}

/** Resolves after the next frame has been presented. */
export const painted = () =>
  new Promise<number>((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0)));
