/**
 * The dashboard's default filters, locked filters and saved views against the fake API: states, events, validation,
 * keyboard, German, axe. (Against the real API: `src/test/views-real-api.test.ts`.)
 */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../define.js';
import type { MiqErrorDetail, MiqFilterChangeDetail, MiqViewChangeDetail } from '../../events/index.js';
import { createClient } from '../../internal/client.js';
import type { DashboardDocument } from '../../internal/dashboard-document.js';
import { seriousViolations } from '../../test/axe.js';
import { TEST_DASHBOARD } from '../../test/dashboard-fixture.js';
import { type FakeApiOptions, fakeApi, until } from '../../test/fake-api.js';
import type { MiqDashboard } from '../dashboard/dashboard.js';
import type { MiqFilterBar } from '../filter-bar/filter-bar.js';
import type { MiqSavedViews } from './saved-views.js';
import './define.js';

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** Meta in the last 7 days (2026-11-16 … 2026-11-22 in the fake API): 80 + 20 + 100. */
const META_7_DAYS = '€200.00';
/** Everything in the last 7 days: 100 + 50 + 200 + 80 + 20 + 200 + 100. */
const ALL_7_DAYS = '€750.00';
/** Everything in the last 30 days (the built-in default). */
const ALL_30_DAYS = '€1,750.00';

const WITH_DEFAULTS: DashboardDocument = {
  ...TEST_DASHBOARD,
  defaultFilters: { dateRange: 'last 7 days', selections: { platform: ['meta'] } },
};

interface Setup {
  readonly doc?: DashboardDocument;
  readonly api?: FakeApiOptions;
  readonly view?: string;
  readonly locale?: string;
}

async function dashboard({ doc = WITH_DEFAULTS, api: options = {}, view, locale = 'en-US' }: Setup = {}) {
  const api = fakeApi({ dashboards: { 'test-ads': doc }, ...options });
  const client = createClient({ baseUrl: 'https://api.test', token: 'user-a', fetch: api.fetch });
  const events: { views: MiqViewChangeDetail[]; filters: MiqFilterChangeDetail[]; errors: MiqErrorDetail[] } = {
    views: [],
    filters: [],
    errors: [],
  };
  const wrap = await fixture<HTMLDivElement>(html`<div
    @miq-view-change=${(e: CustomEvent<MiqViewChangeDetail>) => events.views.push(e.detail)}
    @miq-filter-change=${(e: CustomEvent<MiqFilterChangeDetail>) => events.filters.push(e.detail)}
    @miq-error=${(e: CustomEvent<MiqErrorDetail>) => events.errors.push(e.detail)}>
    <miq-dashboard id="test-ads" locale=${locale} view=${view ?? ''} .client=${client}></miq-dashboard></div>`);
  const el = wrap.querySelector<MiqDashboard>('miq-dashboard')!;
  await until(() => el.panels.length === doc.panels.length, 5000, 'panels');
  await Promise.all(el.panels.map((p) => p.settled()));
  await until(() => !!views(el)?.shadowRoot?.querySelector('[part="views"]'), 5000, 'saved-views menu');
  return { el, api, events };
}

const views = (el: MiqDashboard) => el.shadowRoot!.querySelector<MiqSavedViews>('miq-saved-views')!;
const part = (el: MiqDashboard, name: string) => views(el).shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;
const kpi = (el: MiqDashboard) =>
  norm(el.shadowRoot!.querySelector('[data-panel="spend"]')!.shadowRoot!.querySelector('[part="value"]')?.textContent);
const metricsBodies = (api: ReturnType<typeof fakeApi>) =>
  api.requests.filter((r) => r.path.endsWith('/metrics')).map((r) => r.body as Record<string, unknown>);

async function openMenu(el: MiqDashboard): Promise<MiqSavedViews> {
  const sv = views(el);
  if (!sv.open) part(el, 'views').click();
  await sv.loaded();
  return sv;
}

async function saveAs(el: MiqDashboard, name: string): Promise<void> {
  const sv = await openMenu(el);
  const input = part(el, 'view-name') as HTMLInputElement;
  input.value = name;
  input.dispatchEvent(new Event('input'));
  await sv.updateComplete;
  part(el, 'save').click();
  await sv.settled();
}

async function settle(el: MiqDashboard): Promise<void> {
  await el.updateComplete;
  await Promise.all(el.panels.map((p) => p.settled()));
}

describe('<miq-dashboard> default filters and locked filters (fake API)', () => {
  it("starts from the tenant's default filters: the first queries already carry them", async () => {
    const { el, api } = await dashboard();
    expect(kpi(el)).to.equal(META_7_DAYS);
    const first = metricsBodies(api)[0]!;
    expect(first.filters).to.deep.equal([{ member: 'platform.code', operator: 'in', values: ['meta'] }]);
    expect((first.timeDimension as { dateRange: string }).dateRange).to.equal('last 7 days');
    // no request ran without the defaults
    expect(metricsBodies(api).every((b) => JSON.stringify(b.filters ?? []).includes('meta'))).to.equal(true);
    const bar = el.shadowRoot!.querySelector<MiqFilterBar>('miq-filter-bar')!;
    expect(bar.shadowRoot!.querySelector<HTMLSelectElement>('select')!.value).to.equal('last_7_days');
    expect(el.defaultState.selections).to.deep.equal({ 'platform.code': ['meta'] });
  });

  it('lets the user change the defaults (Clear removes the default selection)', async () => {
    const { el } = await dashboard();
    const bar = el.shadowRoot!.querySelector<MiqFilterBar>('miq-filter-bar')!;
    bar.shadowRoot!.querySelector<HTMLButtonElement>('.clear')!.click();
    await until(() => kpi(el) === ALL_7_DAYS, 5000, 'unfiltered');
    expect(norm(part(el, 'views').textContent)).to.equal('Views: Default view (changed) ▾');
  });

  it("keeps the user's filters when the document reloads for a new token; another dashboard starts afresh", async () => {
    const { el, api } = await dashboard({
      api: { dashboards: { 'test-ads': WITH_DEFAULTS, other: { ...WITH_DEFAULTS, id: 'other' } } },
    });
    el.filterState = { ...el.filterState, preset: 'last_30_days', selections: {} };
    await settle(el);
    const docLoads = () => api.requests.filter((r) => r.path.endsWith('/dashboards/test-ads')).length;
    const before = docLoads();
    el.client = createClient({ baseUrl: 'https://api.test', token: 'user-a-renewed', fetch: api.fetch });
    await until(() => docLoads() > before && !!el.document, 5000, 'document reloaded');
    await settle(el);
    expect([el.filterState.preset, el.filterState.selections]).to.deep.equal(['last_30_days', {}]);
    expect(kpi(el)).to.equal(ALL_30_DAYS);
    el.dashboard = 'other';
    await until(() => el.document?.id === 'other', 5000, 'other dashboard');
    await settle(el);
    expect([el.filterState.preset, el.filterState.selections]).to.deep.equal([
      'last_7_days',
      { 'platform.code': ['meta'] },
    ]);
  });

  it('without default filters starts from the built-in state (last 30 days, nothing selected)', async () => {
    const { el } = await dashboard({ doc: TEST_DASHBOARD });
    expect(kpi(el)).to.equal(ALL_30_DAYS);
  });

  it('locked filters win over defaults and views, and show as chips that cannot be removed', async () => {
    const doc: DashboardDocument = {
      ...TEST_DASHBOARD,
      lockedFilters: { 'platform.code': ['google_ads'] },
      defaultFilters: { dateRange: 'last_7_days', selections: { 'platform.code': ['meta', 'google_ads'] } },
    };
    const { el, api } = await dashboard({ doc });
    expect(el.filterState.selections).to.deep.equal({ 'platform.code': ['google_ads'] });
    expect(metricsBodies(api)[0]!.filters).to.deep.equal([
      { member: 'platform.code', operator: 'in', values: ['google_ads'] },
    ]);
    const bar = el.shadowRoot!.querySelector<MiqFilterBar>('miq-filter-bar')!;
    const chip = bar.shadowRoot!.querySelector('[part="locked"]')!;
    expect(norm(chip.textContent)).to.equal('Platform: google_ads (locked)');
    expect(chip.querySelector('button')).to.equal(null);
    // a view (or any state) selecting another platform keeps only what the lock allows
    const sv = views(el);
    const state = sv.stateOf({ id: 'x', name: 'x', state: { selections: { 'platform.code': ['meta'] } } });
    expect(state.selections).to.deep.equal({});
    bar.shadowRoot!.querySelector<HTMLButtonElement>('.clear')!.click();
    await el.updateComplete;
    expect(norm(bar.shadowRoot!.querySelector('[part="locked"]')?.textContent)).to.equal(
      'Platform: google_ads (locked)',
    );
  });
});

describe('<miq-saved-views> in a dashboard (fake API)', () => {
  it('saves the current filters as a view, marks it active, and restores it after changes', async () => {
    const { el, api, events } = await dashboard({ doc: TEST_DASHBOARD });
    // the user narrows the dashboard: meta, last 7 days
    el.shadowRoot!.querySelector<MiqFilterBar>('miq-filter-bar')!.dispatchEvent(
      new CustomEvent('miq-filter-change', {
        detail: {
          state: { ...el.filterState, preset: 'last_7_days', selections: { 'platform.code': ['meta'] } },
          reason: 'selection',
        },
        bubbles: true,
        composed: true,
      }),
    );
    await until(() => kpi(el) === META_7_DAYS, 5000, 'filtered');
    await saveAs(el, '  Meta this week ');
    const post = api.requests.find((r) => r.method === 'POST' && r.path.endsWith('/dashboards/test-ads/views'))!;
    expect(post.body).to.deep.equal({
      name: 'Meta this week',
      state: {
        dateRange: 'last_7_days',
        compare: true,
        selections: { 'platform.code': ['meta'] },
        crossFilter: null,
      },
    });
    const saved = events.views.at(-1)!;
    expect(saved.reason).to.equal('save');
    expect(saved.view?.name).to.equal('Meta this week');
    expect(norm(part(el, 'views').textContent)).to.equal('Views: Meta this week ▾');
    const item = views(el).shadowRoot!.querySelector(`[data-view="${saved.view!.id}"]`)!;
    expect(item.getAttribute('aria-current')).to.equal('true');
    expect(norm(part(el, 'view-status').textContent)).to.equal('Saved “Meta this week”.');

    // back to the defaults, then the view again
    (await openMenu(el)).shadowRoot!.querySelector<HTMLButtonElement>('[part~="default"]')!.click();
    await until(() => kpi(el) === ALL_30_DAYS, 5000, 'defaults');
    expect(events.views.at(-1)!.reason).to.equal('reset');
    expect(events.filters.at(-1)!.reason).to.equal('view');
    (await openMenu(el)).shadowRoot!.querySelector<HTMLButtonElement>(`[data-view="${saved.view!.id}"]`)!.click();
    await until(() => kpi(el) === META_7_DAYS, 5000, 'view applied');
    const applied = events.views.at(-1)!;
    expect([applied.reason, applied.view?.id]).to.deep.equal(['apply', saved.view!.id]);
    expect(applied.state.selections).to.deep.equal({ 'platform.code': ['meta'] });
    expect(el.filterState.preset).to.equal('last_7_days');
    expect(views(el).open).to.equal(false);
    // moving away from the view marks it changed
    el.filterState = { ...el.filterState, preset: 'last_30_days' };
    await settle(el);
    await views(el).updateComplete;
    expect(norm(part(el, 'views').textContent)).to.equal('Views: Meta this week (changed) ▾');
  });

  it('validates the name before asking the API (required, at most 120 characters, unique)', async () => {
    const { el, api, events } = await dashboard({
      api: { savedViews: { 'test-ads': [{ id: 'v1', name: 'Brand', state: {} }] } },
    });
    const posts = () => api.requests.filter((r) => r.method === 'POST' && r.path.includes('/views')).length;
    await saveAs(el, '   ');
    const input = part(el, 'view-name');
    expect(norm(part(el, 'view-error').textContent)).to.equal('Enter a name.');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    await saveAs(el, 'x'.repeat(121));
    expect(norm(part(el, 'view-error').textContent)).to.equal('At most 120 characters.');
    await saveAs(el, 'brand');
    expect(norm(part(el, 'view-error').textContent)).to.equal('You already have a view named “brand”.');
    expect(posts()).to.equal(0);
    expect(events.views).to.deep.equal([]);
  });

  it('shows the API refusal naming the field, and emits miq-error', async () => {
    const { el, events } = await dashboard();
    // a state over the API's 16 000-byte limit: 60 long campaign ids
    el.filterState = {
      ...el.filterState,
      selections: { 'campaign.id': Array.from({ length: 60 }, (_, i) => `${i}`.padStart(300, 'c')) },
    };
    await settle(el);
    await saveAs(el, 'Too big');
    const error = norm(part(el, 'view-error').textContent);
    expect(error).to.equal('The view was not saved. state: at most 16 000 bytes');
    expect(part(el, 'view-error').getAttribute('role')).to.equal('alert');
    const e = events.errors.find((x) => x.panelId === 'views:save')!;
    expect([e.status, e.code, e.field]).to.deep.equal([400, 'validation_failed', 'state']);
    expect(events.views).to.deep.equal([]);
    expect(views(el).activeId).to.equal(null);
  });

  it('deletes a view; deleting the active one falls back to no active view', async () => {
    const { el, api, events } = await dashboard({
      api: {
        savedViews: {
          'test-ads': [
            { id: 'v1', name: 'Brand', state: { selections: { 'platform.code': ['google_ads'] } } },
            { id: 'v2', name: 'Meta', state: { selections: { 'platform.code': ['meta'] } } },
          ],
        },
      },
    });
    const sv = await openMenu(el);
    sv.shadowRoot!.querySelector<HTMLButtonElement>('[data-view="v1"]')!.click();
    await sv.updateComplete;
    part(el, 'views').click();
    await sv.updateComplete;
    const del = sv.shadowRoot!.querySelector<HTMLButtonElement>('[aria-label="Delete view Brand"]')!;
    del.click();
    await until(() => sv.views?.length === 1, 5000, 'deleted');
    expect(api.requests.some((r) => r.method === 'POST' && r.path.endsWith('/views/v1/delete'))).to.equal(true);
    const last = events.views.at(-1)!;
    expect([last.reason, last.view, last.subject?.id]).to.deep.equal(['delete', null, 'v1']);
    expect(sv.activeId).to.equal(null);
    expect(norm(part(el, 'view-status').textContent)).to.equal('Deleted “Brand”.');
    // Undo saves it again (the API has no restore: a new id, the same name and state)
    part(el, 'undo').click();
    await sv.settled();
    const again = api.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/dashboards/test-ads/views'));
    expect(again.map((r) => r.body)).to.deep.equal([
      { name: 'Brand', state: { selections: { 'platform.code': ['google_ads'] } } },
    ]);
    expect(sv.views!.map((v) => v.name)).to.deep.equal(['Meta', 'Brand']);
    expect(sv.activeId).to.equal(null);
    expect(sv.shadowRoot!.querySelector('[part="undo"]')).to.equal(null);
  });

  it('opens the view of the `view` attribute before any panel queries', async () => {
    const { el, api, events } = await dashboard({
      doc: TEST_DASHBOARD,
      view: 'v2',
      api: {
        savedViews: {
          'test-ads': [
            { id: 'v2', name: 'Meta week', state: { dateRange: 'last 7 days', selections: { platform: ['meta'] } } },
          ],
        },
      },
    });
    expect(kpi(el)).to.equal(META_7_DAYS);
    // every panel query carried the view's filters: the panels waited for it
    expect(metricsBodies(api).every((b) => JSON.stringify(b.filters ?? []).includes('meta'))).to.equal(true);
    expect(events.views.map((v) => [v.reason, v.view?.id])).to.deep.equal([['apply', 'v2']]);
    expect(norm(part(el, 'views').textContent)).to.equal('Views: Meta week ▾');
  });

  it('an unknown `view` says so, emits miq-error and shows the defaults', async () => {
    const { el, events } = await dashboard({ view: 'view_gone' });
    expect(kpi(el)).to.equal(META_7_DAYS);
    const e = events.errors.find((x) => x.code === 'unknown_view')!;
    expect([e.status, e.field]).to.deep.equal([404, 'view']);
    expect(norm(part(el, 'view-status').textContent)).to.equal(
      'The saved view “view_gone” was not found; showing the default view.',
    );
  });

  it('a failed list shows an error inside the menu and emits miq-error', async () => {
    const { el, events } = await dashboard({ api: { failViewsList: { status: 503, code: 'unavailable' } } });
    await openMenu(el);
    await until(() => events.errors.some((e) => e.panelId === 'views:load'), 10000, 'list error');
    await views(el).updateComplete;
    expect(norm(views(el).shadowRoot!.querySelector('[role="alert"]')?.textContent)).to.equal(
      'Saved views could not be loaded.',
    );
  });

  it('is operated by keyboard: Enter opens, Tab reaches views, Enter applies, Escape closes', async () => {
    const { el, events } = await dashboard({
      api: {
        savedViews: { 'test-ads': [{ id: 'v1', name: 'Brand', state: { selections: { platform: ['google_ads'] } } }] },
      },
    });
    part(el, 'views').focus();
    await sendKeys({ press: 'Enter' });
    const sv = views(el);
    await sv.loaded();
    expect(sv.open).to.equal(true);
    await sendKeys({ press: 'Tab' }); // Default view
    await sendKeys({ press: 'Tab' }); // Brand
    expect(sv.shadowRoot!.activeElement?.getAttribute('data-view')).to.equal('v1');
    await sendKeys({ press: 'Enter' });
    await until(() => events.views.length === 1, 5000, 'applied');
    expect(sv.open).to.equal(false);
    expect(sv.shadowRoot!.activeElement?.getAttribute('part')).to.equal('views');
    await sendKeys({ press: 'Enter' });
    await sv.updateComplete;
    expect(sv.open).to.equal(true);
    await sendKeys({ press: 'Escape' });
    await sv.updateComplete;
    expect(sv.open).to.equal(false);
    expect(sv.shadowRoot!.activeElement?.getAttribute('part')).to.equal('views');
  });

  it('closes when the user presses outside it', async () => {
    const { el } = await dashboard();
    const sv = await openMenu(el);
    expect(sv.open).to.equal(true);
    part(el, 'view-name').dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    await sv.updateComplete;
    expect(sv.open).to.equal(true);
    document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    await sv.updateComplete;
    expect(sv.open).to.equal(false);
  });

  it('speaks German', async () => {
    const { el } = await dashboard({ locale: 'de-DE' });
    await until(() => norm(part(el, 'views').textContent).startsWith('Ansichten'), 5000, 'German');
    expect(norm(part(el, 'views').textContent)).to.equal('Ansichten: Standardansicht ▾');
    await saveAs(el, '');
    expect(norm(part(el, 'view-error').textContent)).to.equal('Bitte einen Namen eingeben.');
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`has no serious axe violations, menu open with a view, an error and locked filters (${theme})`, async () => {
      const { el } = await dashboard({
        doc: { ...WITH_DEFAULTS, lockedFilters: { 'platform.code': ['meta'] } },
        api: { savedViews: { 'test-ads': [{ id: 'v1', name: 'Brand', state: {} }] } },
      });
      el.theme = theme;
      await saveAs(el, '');
      (await openMenu(el)).shadowRoot!.querySelector<HTMLButtonElement>('[data-view="v1"]')!.click();
      part(el, 'views').click();
      await views(el).updateComplete;
      const problems = await seriousViolations(el);
      expect(problems, problems.join('\n')).to.deep.equal([]);
    });
  }
});
