/**
 * Default filters and saved views of `<miq-dashboard>` against the REAL embed API over the test warehouse (started by
 * web-test-runner's `miq-real-*` commands; see web-test-runner.config.mjs): a tenant customisation set through the
 * partner admin API, saved views of two end users (`sub`) of one tenant. Expected numbers come from direct calls to
 * `POST /api/v1/metrics` with the filters spelled out, not from the widgets.
 */
import { expect, fixture, fixtureCleanup, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../define.js';
import '../components/saved-views/define.js';
import type { MiqDashboard } from '../components/dashboard/dashboard.js';
import type { MiqMultiSelect } from '../components/filter-bar/multi-select.js';
import type { MiqSavedViews } from '../components/saved-views/saved-views.js';
import type { MiqErrorDetail, MiqViewChangeDetail } from '../events/index.js';
import { until } from './fake-api.js';

interface Tenant {
  baseUrl: string;
  tenant: string;
  token: string;
  currency: string;
  error?: string;
}

async function command<T>(name: string, payload?: unknown): Promise<T> {
  // a command answers within 20 s; the API may take longer to start, so ask again (the start is shared)
  for (let attempt = 0; ; attempt++) {
    try {
      const res = (await executeServerCommand(name, payload)) as T & { error?: string };
      if (res?.error) throw new Error(res.error);
      return res;
    } catch (error) {
      if (attempt >= 5 || !String(error).includes('Did not receive a server response')) throw error;
    }
  }
}

const tenantAs = (subject: string) => command<Tenant>('miq-real-tenant', { subject });
const admin = (method: string, path: string, body?: unknown) =>
  command<{ status: number; body: Record<string, unknown> }>('miq-real-admin', { method, path, body });

type Row = Record<string, number | string | null>;
/** A direct metrics call: the panel's measures with the filters spelled out. */
async function metrics(t: Tenant, body: Record<string, unknown>): Promise<Row> {
  const res = await fetch(`${t.baseUrl}/api/v1/metrics`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).to.equal(200);
  return ((await res.json()) as { rows: Row[] }).rows[0] ?? {};
}

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const money = (n: number, currency: string) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(n);
const int = (n: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(n);
const unique = () => Math.random().toString(36).slice(2, 10);

function kpiText(el: MiqDashboard, panelId: string): string {
  const panel = el.shadowRoot!.querySelector(`[data-panel="${panelId}"]`)!;
  return norm(panel.shadowRoot!.querySelector('[part="value"]')?.textContent);
}

async function open(t: Tenant, id: string, view = ''): Promise<MiqDashboard> {
  const el = await fixture<MiqDashboard>(
    html`<miq-dashboard id=${id} view=${view} api-base=${t.baseUrl} token=${t.token} locale="en-US"></miq-dashboard>`,
  );
  await until(() => el.panels.length > 0, 60000, 'panels');
  await Promise.all(el.panels.map((p) => p.settled()));
  await until(() => !!menu(el)?.shadowRoot?.querySelector('[part="views"]'), 10000, 'saved-views menu');
  return el;
}

const menu = (el: MiqDashboard) => el.shadowRoot!.querySelector<MiqSavedViews>('miq-saved-views')!;

/** Keeps only the dashboard's first two KPI tiles (a partner customisation), so the test loads little. */
async function customise(t: Tenant, id: string, extra: Record<string, unknown> = {}): Promise<string[]> {
  const doc = (await (
    await fetch(`${t.baseUrl}/api/v1/dashboards/${id}`, { headers: { authorization: `Bearer ${t.token}` } })
  ).json()) as { panels: { id: string; type: string }[] };
  const kept = doc.panels.filter((p) => p.type === 'kpi').slice(0, 2);
  const hidden = doc.panels.filter((p) => !kept.includes(p)).map((p) => p.id);
  const put = await admin('PUT', `/admin/tenants/${t.tenant}/dashboards/${id}`, { hidden, ...extra });
  expect(put.status, JSON.stringify(put.body)).to.equal(200);
  return kept.map((p) => p.id);
}

describe('default filters and saved views against the real embed API', function () {
  this.timeout(180000);
  const customised: [string, string][] = [];
  afterEach(async () => {
    fixtureCleanup();
    for (const [tenant, id] of customised.splice(0)) await admin('DELETE', `/admin/tenants/${tenant}/dashboards/${id}`);
  });

  it("applies the tenant's default filters set through the admin API; the user can clear them", async () => {
    const t = await tenantAs(`defaults-${unique()}`);
    customised.push([t.tenant, 'overview']);
    const defaults = { dateRange: 'last 7 days', selections: { 'platform.code': ['meta'] } };
    const ids = await customise(t, 'overview', { defaultFilters: defaults });
    expect(ids).to.deep.equal(['spend', 'conversions']);
    const range = { dimension: 'date.day', dateRange: 'last 7 days' };
    const measures = ['ads.spend', 'ads.conversions'];
    const filtered = await metrics(t, {
      measures,
      timeDimension: range,
      filters: [{ member: 'platform.code', operator: 'in', values: ['meta'] }],
    });
    const all = await metrics(t, { measures, timeDimension: range });
    expect(Number(filtered['ads.spend'])).to.be.greaterThan(0);
    expect(Number(filtered['ads.spend'])).to.not.equal(Number(all['ads.spend']));

    const el = await open(t, 'overview');
    expect(el.document?.defaultFilters).to.deep.equal(defaults);
    expect(kpiText(el, 'spend')).to.equal(money(Number(filtered['ads.spend']), t.currency));
    expect(kpiText(el, 'conversions')).to.equal(int(Number(filtered['ads.conversions'])));
    const bar = el.shadowRoot!.querySelector('miq-filter-bar')!;
    expect(bar.shadowRoot!.querySelector('select')!.value).to.equal('last_7_days');

    // default filters are a starting point: Clear drops the platform, the date range stays
    bar.shadowRoot!.querySelector<HTMLButtonElement>('.clear')!.click();
    // each tile re-queries on its own: wait for both (the spend tile can answer before the conversions tile)
    await until(() => kpiText(el, 'spend') === money(Number(all['ads.spend']), t.currency), 60000, 'unfiltered');
    const conversions = int(Number(all['ads.conversions']));
    await until(() => kpiText(el, 'conversions') === conversions, 60000, `unfiltered conversions ${conversions}`);
  });

  it('a view saved by user A comes back after a reload for A; user B of the tenant never sees it', async () => {
    const run = unique();
    const a = await tenantAs(`user-a-${run}`);
    const b = await tenantAs(`user-b-${run}`);
    expect(b.tenant).to.equal(a.tenant);
    customised.push([a.tenant, 'google-ads']);
    const [first] = await customise(a, 'google-ads');

    // user A: last 90 days, mobile only (chosen in the real filter controls), saved as a view
    let el = await open(a, 'google-ads');
    const bar = el.shadowRoot!.querySelector('miq-filter-bar')!;
    const select = bar.shadowRoot!.querySelector('select')!;
    select.value = 'last_90_days';
    select.dispatchEvent(new Event('change'));
    const device = bar.shadowRoot!.querySelector<MiqMultiSelect>('miq-multi-select[type="devices"]')!;
    device.shadowRoot!.querySelector<HTMLButtonElement>('[part="trigger"]')!.click();
    await device.optionsLoaded();
    await until(() => device.options.some((o) => o.value === 'mobile'), 30000, 'device options');
    device.shadowRoot!.querySelector<HTMLInputElement>('input[type="checkbox"][value="mobile"]')!.click();
    await el.updateComplete;
    expect(el.filterState.selections).to.deep.equal({ 'device.code': ['mobile'] });
    const sv = menu(el);
    sv.shadowRoot!.querySelector<HTMLButtonElement>('[part="views"]')!.click();
    await sv.loaded();
    expect(sv.views).to.deep.equal([]);
    const saved: MiqViewChangeDetail[] = [];
    el.addEventListener('miq-view-change', (e) => saved.push(e.detail));
    const input = sv.shadowRoot!.querySelector<HTMLInputElement>('[part="view-name"]')!;
    input.value = 'Mobile, 90 days';
    input.dispatchEvent(new Event('input'));
    await sv.updateComplete;
    sv.shadowRoot!.querySelector<HTMLButtonElement>('[part="save"]')!.click();
    await sv.settled();
    expect(norm(sv.shadowRoot!.querySelector('[part="view-error"]')?.textContent)).to.equal('');
    expect(saved.map((d) => d.reason)).to.deep.equal(['save']);
    const viewId = saved[0]!.view!.id;

    const expected = await metrics(a, {
      measures: ['ads.spend'],
      timeDimension: { dimension: 'date.day', dateRange: 'last 90 days' },
      filters: [
        { member: 'platform.code', operator: 'equals', values: ['google_ads'] },
        { member: 'device.code', operator: 'in', values: ['mobile'] },
      ],
    });
    expect(Number(expected['ads.spend'])).to.be.greaterThan(0);
    fixtureCleanup();

    // A reloads: the view is listed, and applying it restores the filters and the numbers
    el = await open(a, 'google-ads');
    expect(el.filterState.selections).to.deep.equal({});
    const again = menu(el);
    again.shadowRoot!.querySelector<HTMLButtonElement>('[part="views"]')!.click();
    await again.loaded();
    expect(again.views!.map((v) => [v.id, v.name])).to.deep.equal([[viewId, 'Mobile, 90 days']]);
    again.shadowRoot!.querySelector<HTMLButtonElement>(`[data-view="${viewId}"]`)!.click();
    await el.updateComplete;
    expect([el.filterState.preset, el.filterState.selections]).to.deep.equal([
      'last_90_days',
      { 'device.code': ['mobile'] },
    ]);
    await Promise.all(el.panels.map((p) => p.settled()));
    // the spend tile of google-ads is Google Ads spend: the direct call filters the platform as the panel does
    expect(first).to.equal('spend');
    expect(kpiText(el, 'spend')).to.equal(money(Number(expected['ads.spend']), a.currency));
    fixtureCleanup();

    // A opens it directly by id
    el = await open(a, 'google-ads', viewId);
    expect(el.filterState.selections).to.deep.equal({ 'device.code': ['mobile'] });
    expect(kpiText(el, 'spend')).to.equal(money(Number(expected['ads.spend']), a.currency));
    expect(norm(menu(el).shadowRoot!.querySelector('[part="views"]')?.textContent)).to.equal(
      'Views: Mobile, 90 days ▾',
    );
    fixtureCleanup();

    // B: no views, and A's id is not B's to open
    const errors: MiqErrorDetail[] = [];
    const onError = (e: CustomEvent<MiqErrorDetail>) => errors.push(e.detail);
    document.addEventListener('miq-error', onError);
    try {
      el = await open(b, 'google-ads', viewId);
      const other = menu(el);
      await other.loaded();
      expect(other.views).to.deep.equal([]);
      expect(el.filterState.selections).to.deep.equal({});
      expect(errors.map((e) => [e.code, e.status])).to.deep.equal([['unknown_view', 404]]);
    } finally {
      document.removeEventListener('miq-error', onError);
    }
  });

  it('a save the API refuses shows the error naming the field and emits miq-error', async () => {
    const t = await tenantAs(`bad-save-${unique()}`);
    customised.push([t.tenant, 'google-ads']);
    await customise(t, 'google-ads');
    const el = await open(t, 'google-ads');
    const errors: MiqErrorDetail[] = [];
    el.addEventListener('miq-error', (e) => errors.push(e.detail));
    // a state over the API's 16 000-byte limit for a view (but under its request size limit)
    el.filterState = {
      ...el.filterState,
      selections: { 'campaign.id': Array.from({ length: 60 }, (_, i) => `${i}`.padStart(300, '9')) },
    };
    const sv = menu(el);
    sv.shadowRoot!.querySelector<HTMLButtonElement>('[part="views"]')!.click();
    await sv.loaded();
    const input = sv.shadowRoot!.querySelector<HTMLInputElement>('[part="view-name"]')!;
    input.value = 'Too many campaigns';
    input.dispatchEvent(new Event('input'));
    await sv.updateComplete;
    sv.shadowRoot!.querySelector<HTMLButtonElement>('[part="save"]')!.click();
    await sv.settled();
    const error = sv.shadowRoot!.querySelector('[part="view-error"]')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(norm(error.textContent)).to.match(/^The view was not saved\. state: /);
    const refused = errors.find((e) => e.panelId === 'views:save')!;
    expect([refused.status, refused.field]).to.deep.equal([400, 'state']);
    expect(sv.views).to.deep.equal([]);
  });
});
