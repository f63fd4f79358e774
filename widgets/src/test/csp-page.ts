/**
 * Loaded by `csp.test.ts` in an iframe served with a strict Content-Security-Policy. Counts `securitypolicyviolation`
 * events from before any widget code loads, renders a dashboard with a chart, and reports to the parent.
 * `?mode=control` instead runs Vega with its default (eval-based) expression code generator, which the policy must block:
 * that proves the listener sees violations.
 */
const violations: string[] = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));

async function widgets(): Promise<Record<string, unknown>> {
  const [{ defineElements }, { createClient }, { fakeApi, until }, { TEST_DASHBOARD }] = await Promise.all([
    import('../index.js'),
    import('../internal/client.js'),
    import('./fake-api.js'),
    import('./dashboard-fixture.js'),
  ]);
  defineElements();
  const api = fakeApi({ dashboards: { 'test-ads': TEST_DASHBOARD } });
  const el = document.createElement('miq-dashboard');
  el.id = 'test-ads';
  el.client = createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch });
  document.body.append(el);
  await until(() => el.panels.length === 4, 10000, 'panels');
  await Promise.all(el.panels.map((p) => p.settled()));
  const chart = el.panels.find((p) => p.localName === 'miq-chart') as import('../components/chart/chart.js').MiqChart;
  await until(() => !!chart.view, 15000, 'chart drawn');
  const marks = chart.shadowRoot!.querySelectorAll('.chart svg .mark-rect path').length;
  const kpiColor = getComputedStyle(el.panels[0]!.shadowRoot!.querySelector('.panel')!).borderTopWidth;
  return { marks, states: el.panels.map((p) => p.panelState), styled: kpiColor === '1px' };
}

async function control(): Promise<Record<string, unknown>> {
  const vega = await import('vega');
  const spec = {
    signals: [
      { name: 'x', value: 1 },
      { name: 'y', update: 'x * 2' },
    ],
  };
  try {
    const view = new vega.View(vega.parse(spec as never));
    await view.runAsync();
    return { rendered: true };
  } catch (error) {
    return { rendered: false, error: String(error) };
  }
}

const mode = new URLSearchParams(location.search).get('mode');
(mode === 'control' ? control() : widgets())
  .then((result) => new Promise<Record<string, unknown>>((r) => setTimeout(() => r(result), 100)))
  .then((result) => parent.postMessage({ kind: 'csp-result', violations, ...result }, '*'))
  .catch((error) => parent.postMessage({ kind: 'csp-result', violations, error: String(error) }, '*'));
