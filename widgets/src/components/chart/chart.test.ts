import { expect, fixture, html } from '@open-wc/testing';
import { createClient } from '../../internal/client.js';
import { TEST_DASHBOARD } from '../../test/dashboard-fixture.js';
import { fakeApi, until } from '../../test/fake-api.js';
import { markFills } from '../../test/scenegraph.js';
import type { MiqChart } from './chart.js';
import './define.js';

const RANGE = ['2026-11-20', '2026-11-22'] as const;
const QUERY = {
  measures: ['ads.spend'],
  dimensions: ['platform.code'],
  timeDimension: { dimension: 'date.day', dateRange: RANGE },
  order: [['ads.spend', 'desc']],
};
const SPEC = {
  data: { name: 'rows' },
  mark: 'bar',
  encoding: {
    x: { field: 'platform.code', type: 'nominal' },
    y: { field: 'ads.spend', type: 'quantitative' },
  },
};

async function chart(attrs: { locale?: string; theme?: 'light' | 'dark' } = {}) {
  const api = fakeApi();
  const client = createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch });
  const el = await fixture<MiqChart>(
    html`<miq-chart .client=${client} heading="Spend by platform" locale=${attrs.locale ?? 'en-US'} theme=${attrs.theme ?? 'light'}
      .query=${QUERY} .spec=${SPEC}></miq-chart>`,
  );
  await el.settled();
  await until(() => !!el.view, 15000, 'chart drawn');
  return { el, api };
}

describe('<miq-chart> against a fake API', () => {
  it('draws one bar per platform in the first series colour', async () => {
    const { el } = await chart();
    const fills = markFills(el.view!);
    // google_ads 350, meta 100
    expect(fills).to.have.length(2);
    expect(fills.every((f) => f.toLowerCase() === '#0072b2')).to.equal(true);
    const svgRects = el.shadowRoot!.querySelectorAll('.chart svg path, .chart svg rect');
    expect(svgRects.length).to.be.greaterThan(0);
  });

  it('recolours the marks when a token changes', async () => {
    const { el } = await chart();
    el.style.setProperty('--miq-color-series-1', 'rgb(255, 0, 255)');
    await until(
      () => markFills(el.view!).every((f) => f.replace(/\s/g, '') === 'rgb(255,0,255)'),
      5000,
      'recoloured marks',
    );
    expect(markFills(el.view!)).to.have.length(2);
  });

  it('recolours the marks in dark mode', async () => {
    const { el } = await chart();
    el.theme = 'dark';
    // the dark palette starts with sky blue
    await until(() => markFills(el.view!)[0]?.toLowerCase() === '#56b4e9', 5000, 'dark marks');
    expect(el.dataset.theme).to.equal('dark');
  });

  it('offers a text summary and a table view', async () => {
    const { el } = await chart({ locale: 'de-DE' });
    const summary = el.shadowRoot!.querySelector('[part="summary"]')!.textContent!.replace(/\s+/g, ' ');
    // highest google_ads: 100 + 50 + 200 = 350; total 450
    expect(summary).to.contain('2 Datenpunkte');
    expect(summary).to.contain('350,00 €');
    expect(summary).to.contain('450,00 €');
    const toggle = el.shadowRoot!.querySelector<HTMLButtonElement>('.toggle-table')!;
    expect(toggle.textContent!.trim()).to.equal('Als Tabelle anzeigen');
    toggle.focus();
    toggle.click();
    await el.updateComplete;
    const cells = [...el.shadowRoot!.querySelectorAll('[part="data-table"] tbody tr')].map((tr) =>
      [...tr.children].map((c) => c.textContent!.replace(/\s+/g, ' ').trim()),
    );
    expect(cells[0]!.slice(0, 2)).to.deep.equal(['google_ads', '350,00 €']);
    expect(cells[1]!.slice(0, 2)).to.deep.equal(['meta', '100,00 €']);
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
  });

  it('exports the chart as PNG and the rows as CSV through miq-export', async () => {
    const { el } = await chart();
    const exports: CustomEvent[] = [];
    el.addEventListener('miq-export', (e) => {
      exports.push(e);
      e.preventDefault();
    });
    el.shadowRoot!.querySelector<HTMLButtonElement>('.export-png')!.click();
    await until(() => exports.length === 1, 5000, 'png export');
    expect(exports[0]!.detail.format).to.equal('png');
    expect(exports[0]!.detail.data.startsWith('data:image/png;base64,')).to.equal(true);
    el.shadowRoot!.querySelector<HTMLButtonElement>('.export-csv')!.click();
    expect(exports[1]!.detail.format).to.equal('csv');
    expect(exports[1]!.detail.data).to.equal('Platform code,Spend\r\ngoogle_ads,350\r\nmeta,100\r\n');
  });

  it('embeds one panel of a dashboard on its own, by dashboard + panel id', async () => {
    const api = fakeApi({ dashboards: { 'test-ads': TEST_DASHBOARD } });
    const client = createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch });
    const el = await fixture<MiqChart>(
      html`<miq-chart .client=${client} dashboard="test-ads" panel="by-platform" locale="en-US"></miq-chart>`,
    );
    await until(() => el.panelState === 'loaded', 5000, 'loaded');
    await until(() => !!el.view, 15000, 'chart drawn');
    expect(el.shadowRoot!.querySelector('h3')!.textContent).to.equal('Spend by platform');
    expect(api.requests.some((r) => r.path === '/api/v1/dashboards/test-ads')).to.equal(true);
    // the panel's own query, without a dashboard's filter state (all time):
    // google_ads 1000 + 100 + 50 + 200 + 200 = 1550, meta 80 + 20 + 100 = 200
    expect(markFills(el.view!)).to.have.length(2);
    el.tableView = true;
    await el.updateComplete;
    const rows = [...el.shadowRoot!.querySelectorAll('[part="data-table"] tbody tr')].map((tr) =>
      [...tr.children].slice(0, 2).map((c) => c.textContent!.replace(/\s+/g, ' ').trim()),
    );
    expect(rows).to.deep.equal([
      ['google_ads', '€1,550.00'],
      ['meta', '€200.00'],
    ]);
    const body = api.requests.find((r) => r.path === '/api/v1/metrics')!.body as { dimensions: string[] };
    expect(body.dimensions).to.deep.equal(['platform.code']);
  });

  it('shows an error for an unknown panel id', async () => {
    const api = fakeApi({ dashboards: { 'test-ads': TEST_DASHBOARD } });
    const client = createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch });
    const el = await fixture<MiqChart>(
      html`<miq-chart .client=${client} dashboard="test-ads" panel="nope"></miq-chart>`,
    );
    await until(() => el.panelState === 'error', 5000, 'error');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="error"]')!.textContent).to.contain('Unknown panel "nope"');
  });

  it('formats axis labels in the locale and currency (de-DE, EUR)', async () => {
    const api = fakeApi();
    const client = createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch });
    const query = { measures: ['ads.spend'], dimensions: ['platform.code'] };
    const el = await fixture<MiqChart>(
      html`<miq-chart .client=${client} heading="Spend" locale="de-DE" .query=${query} .spec=${SPEC}></miq-chart>`,
    );
    await el.settled();
    await until(() => !!el.view, 15000, 'chart drawn');
    // all time: google_ads 1550, meta 200 → the y axis runs past 1 000 and is labelled "1.000 €"-style
    const labels = [...el.shadowRoot!.querySelectorAll('.chart svg .role-axis-label text')].map((t) =>
      t.textContent!.replace(/\s/g, ' '),
    );
    expect(labels).to.include('1.000 €');
    expect(labels).to.include('0 €');
    const title = [...el.shadowRoot!.querySelectorAll('.chart svg .role-axis-title text')].map((t) => t.textContent);
    expect(title).to.include('Spend');
  });
});
