import type { MiqChart } from '../src/components/chart/chart.js';
import { defineElements } from '../src/index.js';
import { BENCH_PANELS, type BenchResult, painted, params } from './panels.js';

defineElements();
const { api, token } = params();
const el = document.createElement('miq-dashboard');
el.setAttribute('api-base', api);
el.setAttribute('token', token);
el.setAttribute('locale', 'en-US');
el.definition = { id: 'bench', title: 'Benchmark', filters: [], panels: BENCH_PANELS };
document.body.append(el);

async function run(): Promise<BenchResult> {
  await el.updateComplete;
  const charts = el.panels as MiqChart[];
  const times = await Promise.all(charts.map((c) => c.whenRendered().then(painted)));
  return { first: Math.min(...times), all: Math.max(...times) };
}
run().then((r) => {
  (window as unknown as { __bench: BenchResult }).__bench = r;
});
