import { expect, fixture, html } from '@open-wc/testing';
import { createClient } from '../../internal/client.js';
import type { MiqPanelElement } from '../../internal/miq-panel.js';
import { ALERTS, FINDINGS } from '../../test/agents-fixture.js';
import { TEST_DASHBOARD } from '../../test/dashboard-fixture.js';
import { fakeApi, until } from '../../test/fake-api.js';
import { markFills } from '../../test/scenegraph.js';
import type { MiqChart } from '../chart/chart.js';
import type { MiqTable } from '../table/table.js';
import type { MiqDashboard } from './dashboard.js';
import './define.js';

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

function setup(options: Parameters<typeof fakeApi>[0] = {}) {
  const api = fakeApi({ dashboards: { 'test-ads': TEST_DASHBOARD }, ...options });
  const client = createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch });
  return { api, client };
}

async function allSettled(el: MiqDashboard): Promise<void> {
  await until(() => el.panels.length === TEST_DASHBOARD.panels.length, 5000, 'panels');
  await Promise.all(el.panels.map((p) => p.settled()));
}

function panel<T extends MiqPanelElement>(el: MiqDashboard, id: string): T {
  return el.shadowRoot!.querySelector<T>(`[data-panel="${id}"]`)!;
}

function kpiText(el: MiqDashboard, id: string): string {
  return norm(panel(el, id).shadowRoot!.querySelector('[part="value"]')?.textContent);
}

function tableColumn(table: MiqTable, index = 0): string[] {
  return [...table.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => norm(tr.children[index]?.textContent));
}

describe('<miq-dashboard> against a fake API', () => {
  it('loads the document by id and lays out every panel, firing miq-load per panel', async () => {
    const { api, client } = setup();
    const loads: string[] = [];
    const wrap = await fixture<HTMLDivElement>(html`<div @miq-load=${(e: CustomEvent) => loads.push(e.detail.panelId)}>
      <miq-dashboard id="test-ads" .client=${client} locale="en-US"></miq-dashboard></div>`);
    const el = wrap.querySelector('miq-dashboard')!;
    await allSettled(el);
    expect(norm(el.shadowRoot!.querySelector('h2')?.textContent)).to.equal('Test ads');
    expect(api.requests.some((r) => r.path.endsWith('/api/v1/dashboards/test-ads'))).to.equal(true);
    expect([...new Set(loads)].sort()).to.deep.equal(['by-platform', 'campaigns', 'spend', 'value']);
    // last 30 days (2026-10-24 … 2026-11-22): 1000 + 100 + 50 + 200 + 80 + 20 + 200 + 100 = 1750
    expect(kpiText(el, 'spend')).to.equal('€1,750.00');
    const spans = el.panels.map((p) => p.className);
    expect(spans).to.deep.equal(['span-4', 'span-4', 'span-8', 'span-12']);
  });

  it('lets the dashboard attribute win over id, so two copies can share a page', async () => {
    const { client } = setup();
    const wrap = await fixture<HTMLDivElement>(html`<div>
      <miq-dashboard id="a" dashboard="test-ads" .client=${client}></miq-dashboard>
      <miq-dashboard id="b" dashboard="test-ads" .client=${client}></miq-dashboard></div>`);
    const [a, b] = [...wrap.querySelectorAll('miq-dashboard')] as MiqDashboard[];
    await allSettled(a!);
    await allSettled(b!);
    expect(a!.dashboardId).to.equal('test-ads');
    expect(a!.document?.title).to.equal('Test ads');
    expect(b!.document?.title).to.equal('Test ads');
  });

  it('keeps the other panels when one panel fails, and retries that panel', async () => {
    const { client } = setup({ failMeasure: { 'ads.conversion_value': { status: 400, code: 'validation_failed' } } });
    const errors: CustomEvent[] = [];
    const wrap = await fixture<HTMLDivElement>(html`<div @miq-error=${(e: CustomEvent) => errors.push(e)}>
      <miq-dashboard id="test-ads" .client=${client} locale="en-US"></miq-dashboard></div>`);
    const el = wrap.querySelector('miq-dashboard')!;
    await allSettled(el);
    expect(panel(el, 'value').panelState).to.equal('error');
    expect(panel(el, 'spend').panelState).to.equal('loaded');
    expect(panel(el, 'by-platform').panelState).to.equal('loaded');
    expect(panel(el, 'campaigns').panelState).to.equal('loaded');
    expect(errors.map((e) => e.detail.panelId)).to.include('value');
    expect(errors.find((e) => e.detail.panelId === 'value')!.detail.code).to.equal('validation_failed');
    expect(panel(el, 'value').shadowRoot!.querySelector('[part="retry"]')).to.exist;
  });

  it('re-queries every panel when the date preset changes', async () => {
    const { api, client } = setup();
    const changes: CustomEvent[] = [];
    const wrap = await fixture<HTMLDivElement>(html`<div @miq-filter-change=${(e: CustomEvent) => changes.push(e)}>
      <miq-dashboard id="test-ads" .client=${client} locale="en-US"></miq-dashboard></div>`);
    const el = wrap.querySelector('miq-dashboard')!;
    await allSettled(el);
    const bar = el.shadowRoot!.querySelector('miq-filter-bar')!;
    await bar.updateComplete;
    const select = bar.shadowRoot!.querySelector<HTMLSelectElement>('[part="date-range"]')!;
    select.value = 'last_7_days';
    select.dispatchEvent(new Event('change'));
    await until(() => kpiText(el, 'spend') === '€750.00', 5000, 'KPI for last 7 days');
    // 2026-11-16 … 2026-11-22 leaves out the 1000 on 2026-10-30
    expect(changes.at(-1)!.detail.reason).to.equal('date-range');
    expect(changes.at(-1)!.detail.state.preset).to.equal('last_7_days');
    const last = api.requests.filter((r) => r.path.endsWith('/metrics')).at(-1)!.body as {
      timeDimension: { dateRange: string };
    };
    expect(last.timeDimension.dateRange).to.equal('last 7 days');
  });

  it('cross-filters the other panels when a bar is clicked', async () => {
    const { client } = setup();
    const el = await fixture<MiqDashboard>(
      html`<miq-dashboard id="test-ads" .client=${client} locale="en-US"></miq-dashboard>`,
    );
    await allSettled(el);
    const chart = panel<MiqChart>(el, 'by-platform');
    await until(() => !!chart.view, 15000, 'chart drawn');
    const bars = [...chart.shadowRoot!.querySelectorAll('.chart svg path')].filter(
      (p) =>
        (p as unknown as { __data__?: { datum?: Record<string, unknown> } }).__data__?.datum?.['platform.code'] ===
        'meta',
    );
    expect(bars.length).to.equal(1);
    const box = bars[0]!.getBoundingClientRect();
    bars[0]!.dispatchEvent(
      new MouseEvent('click', { bubbles: true, composed: true, clientX: box.x + 2, clientY: box.y + 2 }),
    );
    // meta in the last 30 days: 80 + 20 + 100 = 200 spend; campaigns Prospecting (180), Retargeting (20)
    await until(() => kpiText(el, 'spend') === '€200.00', 5000, 'cross-filtered KPI');
    expect(el.filterState.crossFilter).to.deep.equal({
      sourcePanelId: 'by-platform',
      member: 'platform.code',
      values: ['meta'],
    });
    const table = panel<MiqTable>(el, 'campaigns');
    await table.settled();
    expect(tableColumn(table)).to.deep.equal(['Prospecting', 'Retargeting']);
    // the source panel keeps showing both platforms
    expect(markFills(chart.view!)).to.have.length(2);
    // the filter bar shows a chip that clears the selection
    const bar = el.shadowRoot!.querySelector('miq-filter-bar')!;
    await bar.updateComplete;
    bar.shadowRoot!.querySelector<HTMLButtonElement>('[part="cross-filter"] button')!.click();
    await until(() => kpiText(el, 'spend') === '€1,750.00', 5000, 'cleared cross-filter');
  });

  it('cross-filters from the keyboard through a table row', async () => {
    const { client } = setup();
    const el = await fixture<MiqDashboard>(
      html`<miq-dashboard id="test-ads" .client=${client} locale="en-US"></miq-dashboard>`,
    );
    await allSettled(el);
    const table = panel<MiqTable>(el, 'campaigns');
    const button = [...table.shadowRoot!.querySelectorAll<HTMLButtonElement>('tbody button.select')].find(
      (b) => norm(b.textContent) === 'Generic',
    )!;
    button.focus();
    expect(table.shadowRoot!.activeElement).to.equal(button);
    button.click(); // Enter/Space on a focused <button> activates it
    // campaign Generic: 200 spend
    await until(() => kpiText(el, 'spend') === '€200.00', 5000, 'KPI filtered by campaign');
    await table.updateComplete;
    expect(button.getAttribute('aria-pressed')).to.equal('true');
  });

  it('drills a chart down platform → campaign and back up', async () => {
    const { api, client } = setup();
    const drills: CustomEvent[] = [];
    const wrap = await fixture<HTMLDivElement>(html`<div @miq-drill=${(e: CustomEvent) => drills.push(e)}>
      <miq-dashboard id="test-ads" .client=${client} locale="en-US"></miq-dashboard></div>`);
    const el = wrap.querySelector('miq-dashboard')!;
    await allSettled(el);
    const chart = panel<MiqChart>(el, 'by-platform');
    await until(() => !!chart.view, 15000, 'chart drawn');
    // keyboard path: the table view's drill button
    chart.shadowRoot!.querySelector<HTMLButtonElement>('.toggle-table')!.click();
    await chart.updateComplete;
    const drill = [...chart.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.drill')].find(
      (b) => b.getAttribute('aria-label') === 'Drill into google_ads',
    )!;
    drill.click();
    expect(drills).to.have.length(1);
    expect(drills[0]!.detail).to.deep.include({ panelId: 'by-platform', to: 'campaign.name' });
    expect(drills[0]!.detail.from).to.deep.equal({ member: 'platform.code', value: 'google_ads' });
    await chart.settled();
    const body = api.requests.filter((r) => r.path.endsWith('/metrics')).at(-1)!.body as {
      dimensions: string[];
      filters: unknown[];
    };
    expect(body.dimensions).to.deep.equal(['campaign.name']);
    expect(body.filters).to.deep.include({ member: 'platform.code', operator: 'equals', values: ['google_ads'] });
    // google_ads campaigns in the last 30 days: Brand 100 + 50 + 1000 + 200 = 1350, Generic 200
    const rows = [...chart.shadowRoot!.querySelectorAll('[part="data-table"] tbody tr')].map((tr) =>
      [...tr.children].slice(0, 2).map((c) => norm(c.textContent)),
    );
    expect(rows).to.deep.equal([
      ['Brand', '€1,350.00'],
      ['Generic', '€200.00'],
    ]);
    chart.shadowRoot!.querySelector<HTMLButtonElement>('[part="drill"] button')!.click();
    await chart.settled();
    expect(drills.at(-1)!.detail.from).to.equal(null);
    expect(drills.at(-1)!.detail.to).to.equal('platform.code');
  });

  it('formats every panel in German for locale de-DE', async () => {
    const { client } = setup();
    const el = await fixture<MiqDashboard>(
      html`<miq-dashboard id="test-ads" .client=${client} locale="de-DE"></miq-dashboard>`,
    );
    await allSettled(el);
    expect(kpiText(el, 'spend')).to.equal('1.750,00 €');
    const table = panel<MiqTable>(el, 'campaigns');
    expect(norm(table.shadowRoot!.querySelector('.toolbar button')?.textContent)).to.equal('CSV exportieren');
    const bar = el.shadowRoot!.querySelector('miq-filter-bar')!;
    const options = [...bar.shadowRoot!.querySelectorAll('option')].map((o) => norm(o.textContent));
    expect(options).to.include('Letzte 30 Tage');
  });

  it('passes the dark theme to every panel', async () => {
    const { client } = setup();
    const el = await fixture<MiqDashboard>(
      html`<miq-dashboard id="test-ads" .client=${client} theme="dark"></miq-dashboard>`,
    );
    await allSettled(el);
    expect(el.panels.map((p) => p.dataset.theme)).to.deep.equal(['dark', 'dark', 'dark', 'dark']);
    const surface = getComputedStyle(panel(el, 'spend').shadowRoot!.querySelector('.panel')!).backgroundColor;
    expect(surface).to.equal('rgb(13, 17, 23)');
  });

  it('shows when the data was last updated', async () => {
    const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000).toISOString();
    const { client } = setup({ lastSyncedAt: twoHoursAgo });
    const el = await fixture<MiqDashboard>(
      html`<miq-dashboard id="test-ads" .client=${client} locale="en-US"></miq-dashboard>`,
    );
    await allSettled(el);
    await el.updateComplete;
    const freshness = el.shadowRoot!.querySelector('[part="freshness"]')!;
    expect(norm(freshness.textContent)).to.equal('Updated 2 hr. ago');
    expect(freshness.getAttribute('title')).to.equal('google_ads: 2 hr. ago');
  });

  it('shows an error with retry for an unknown dashboard, and fires miq-error', async () => {
    const { client } = setup();
    const errors: CustomEvent[] = [];
    const host = await fixture<HTMLDivElement>(
      html`<div @miq-error=${(e: CustomEvent) => errors.push(e)}><miq-dashboard id="nope" .client=${client}></miq-dashboard></div>`,
    );
    const el = host.querySelector('miq-dashboard') as MiqDashboard;
    await until(() => !!el.shadowRoot!.querySelector('[part="error"]'), 8000, 'error state');
    expect(el.shadowRoot!.querySelector('[part="error"] button')).to.exist;
    expect(errors.length).to.equal(1);
    expect(errors[0]!.detail.status).to.equal(404);
    expect(errors[0]!.detail.panelId).to.equal(undefined);
  });

  it('applies a cross-filter only to panels whose facts it can filter, and says so on the others', async () => {
    const mixed = {
      ...TEST_DASHBOARD,
      id: 'test-mixed',
      panels: [
        ...TEST_DASHBOARD.panels,
        { id: 'sessions', type: 'kpi' as const, title: 'Sessions', span: 4, query: { measures: ['ga4.sessions'] } },
      ],
    };
    const api = fakeApi({ dashboards: { 'test-mixed': mixed } });
    const client = createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch });
    const el = await fixture<MiqDashboard>(
      html`<miq-dashboard id="test-mixed" .client=${client} locale="en-US"></miq-dashboard>`,
    );
    await until(() => el.panels.length === 5 && !!el.catalog, 5000, 'panels and catalog');
    await Promise.all(el.panels.map((p) => p.settled()));
    el.filterState = {
      ...el.filterState,
      crossFilter: { sourcePanelId: 'by-platform', member: 'platform.code', values: ['meta'] },
    };
    await until(() => kpiText(el, 'spend') === '€200.00', 5000, 'ads panels filtered');
    const sessions = panel(el, 'sessions');
    await sessions.settled();
    // GA4 sessions in the last 30 days, unfiltered: 300 + 200
    expect(sessions.panelState).to.equal('loaded');
    expect(kpiText(el, 'sessions')).to.equal('500');
    expect(sessions.ignoredFilters).to.deep.equal(['platform.code']);
    expect(norm(sessions.shadowRoot!.querySelector('[part="ignored-filters"]')?.textContent)).to.equal(
      'Not filtered by Platform code',
    );
    expect(panel(el, 'spend').ignoredFilters).to.deep.equal([]);
  });

  it('without a catalog sends every filter, and only the panel the API refuses shows an error', async () => {
    const mixed = {
      ...TEST_DASHBOARD,
      id: 'test-mixed',
      panels: [
        ...TEST_DASHBOARD.panels,
        { id: 'sessions', type: 'kpi' as const, title: 'Sessions', span: 4, query: { measures: ['ga4.sessions'] } },
      ],
    };
    const api = fakeApi({ dashboards: { 'test-mixed': mixed }, noSchema: true });
    const client = createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch });
    const el = await fixture<MiqDashboard>(
      html`<miq-dashboard id="test-mixed" .client=${client} locale="en-US"></miq-dashboard>`,
    );
    await until(() => el.panels.length === 5, 5000, 'panels');
    await Promise.all(el.panels.map((p) => p.settled()));
    el.filterState = {
      ...el.filterState,
      crossFilter: { sourcePanelId: 'by-platform', member: 'platform.code', values: ['meta'] },
    };
    await until(() => panel(el, 'sessions').panelState === 'error', 5000, 'refused panel');
    await until(() => kpiText(el, 'spend') === '€200.00', 5000, 'ads panels filtered');
    expect(panel(el, 'campaigns').panelState).to.equal('loaded');
  });

  it('renders agent panels through <miq-insights> (the agent of the dashboard) and <miq-alerts>', async () => {
    const doc = {
      ...TEST_DASHBOARD,
      id: 'test-agent',
      currency: 'EUR', // the tenant's, as the API's documents carry it (alerts carry no currency of their own)
      panels: [
        ...TEST_DASHBOARD.panels,
        { id: 'findings', type: 'findings' as const, title: 'Findings', span: 6 },
        { id: 'alerts', type: 'alerts' as const, title: 'Alerts', span: 6 },
      ],
    };
    const { client, api } = setup({
      dashboards: { 'test-agent': doc },
      findings: { 'test-agent': FINDINGS },
      alerts: { '': ALERTS },
    });
    const el = await fixture<MiqDashboard>(
      html`<miq-dashboard id="test-agent" .client=${client} locale="en-US"></miq-dashboard>`,
    );
    await allSettled(el);
    await until(
      () => el.agentPanels.length === 2 && el.agentPanels.every((p) => 'settled' in p),
      5000,
      'agent elements',
    );
    await Promise.all(el.agentPanels.map((p) => p.settled()));
    expect(el.agentPanels.map((p) => [p.localName, p.dataset.panel, p.panelState])).to.deep.equal([
      ['miq-insights', 'findings', 'loaded'],
      ['miq-alerts', 'alerts', 'loaded'],
    ]);
    // the findings are asked for this dashboard's id
    expect(api.requests.filter((r) => r.path.endsWith('/agents/recommend')).map((r) => r.body)).to.deep.equal([
      { dashboard: 'test-agent' },
    ]);
    const [insights, alerts] = el.agentPanels.map((p) => p.shadowRoot!);
    expect(norm(insights!.querySelector('h3')?.textContent)).to.equal('Findings');
    expect(norm(insights!.querySelector('[part="finding"] .title')?.textContent)).to.equal(FINDINGS.findings[0]!.title);
    expect(norm(insights!.querySelector('[part="impact"]')?.textContent)).to.equal('Estimated impact: €200.00');
    expect(norm(alerts!.querySelector('[part="alert"] .actual')?.textContent)).to.equal('€300.00');
    // the query panels are unaffected
    expect(el.panels.map((p) => p.panelState)).to.deep.equal(['loaded', 'loaded', 'loaded', 'loaded']);
  });

  it('agent panels without findings or alerts say so honestly, never invented findings', async () => {
    const doc = {
      ...TEST_DASHBOARD,
      id: 'test-quiet',
      panels: [
        { id: 'findings', type: 'findings' as const, title: 'Findings', span: 6 },
        { id: 'alerts', type: 'alerts' as const, title: 'Alerts', span: 6 },
      ],
    };
    const { client } = setup({ dashboards: { 'test-quiet': doc } });
    const el = await fixture<MiqDashboard>(
      html`<miq-dashboard id="test-quiet" .client=${client} locale="en-US"></miq-dashboard>`,
    );
    await until(
      () => el.agentPanels.length === 2 && el.agentPanels.every((p) => 'settled' in p),
      5000,
      'agent elements',
    );
    await Promise.all(el.agentPanels.map((p) => p.settled()));
    expect(el.agentPanels.map((p) => p.panelState)).to.deep.equal(['empty', 'empty']);
    expect(el.agentPanels.map((p) => norm(p.shadowRoot!.querySelector('[part="empty"]')?.textContent))).to.deep.equal([
      'No findings: the rules that ran found nothing to act on.',
      'No anomalies from Aug 25, 2026 to Nov 22, 2026 at sensitivity 4.',
    ]);
  });
});
