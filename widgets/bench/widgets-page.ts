import type { MiqChart } from '../src/components/chart/chart.js';
import type * as Widgets from '../src/index.js';
import { BENCH_PANELS, type BenchResult, painted, params } from './panels.js';

// the real script-tag build (rollup), as a host page would load it
const widgetsUrl = new URLSearchParams(location.hash.slice(1)).get('widgets')!;
const { defineElements } = (await import(/* @vite-ignore */ widgetsUrl)) as typeof Widgets;
defineElements();
const { api, token } = params();
const el = document.createElement('miq-dashboard');
el.setAttribute('api-base', api);
el.setAttribute('token', token);
el.setAttribute('locale', 'en-US');
el.definition = { id: 'bench', title: 'Benchmark', filters: [], panels: BENCH_PANELS };
let firstLoad = 0;
el.addEventListener('miq-load', () => {
  firstLoad ||= performance.now();
});
document.body.append(el);

async function run(): Promise<BenchResult> {
  await el.updateComplete;
  const charts = el.panels as MiqChart[];
  const times = await Promise.all(charts.map((c) => c.whenRendered().then(painted)));
  const chunk = (name: string) =>
    performance
      .getEntriesByType('resource')
      .filter((r) => r.name.includes(name))
      .map((r) => (r as PerformanceResourceTiming).responseEnd)[0] ?? 0;
  return {
    first: Math.min(...times),
    all: Math.max(...times),
    firstData: firstLoad,
    runtimeLoaded: chunk('runtime'),
    compilerLoaded: chunk('compile'),
  };
}
run().then((r) => {
  (window as unknown as { __bench: BenchResult }).__bench = r;
});
