import embed from 'vega-embed';
import { BENCH_PANELS, type BenchResult, DATE_RANGE, painted, params } from './panels.js';

const { api, token } = params();

/** Same trick as the widgets: `ads.spend` also nested as `ads: { spend }` so Vega-Lite field paths resolve. */
function nest(rows: Record<string, unknown>[]) {
  return rows.map((row) => {
    const out: Record<string, unknown> = { ...row };
    for (const [k, v] of Object.entries(row)) {
      const [a, b] = k.split('.');
      if (a && b) out[a] = { ...((out[a] as object) ?? {}), [b]: v };
    }
    return out;
  });
}

async function one(panel: (typeof BENCH_PANELS)[number]): Promise<number> {
  const div = document.createElement('div');
  document.body.append(div);
  const query = {
    ...panel.query,
    timeDimension: { dimension: 'date.day', ...panel.query.timeDimension, dateRange: DATE_RANGE },
  };
  const res = await fetch(`${api}/api/v1/metrics`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(query),
  });
  const { rows } = (await res.json()) as { rows: Record<string, unknown>[] };
  await embed(div, { ...panel.spec, data: { values: nest(rows) }, width: 560, height: 220 } as never, {
    renderer: 'svg',
    actions: false,
  });
  return painted();
}

Promise.all(BENCH_PANELS.map(one)).then((times) => {
  (window as unknown as { __bench: BenchResult }).__bench = { first: Math.min(...times), all: Math.max(...times) };
});
