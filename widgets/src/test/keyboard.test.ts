/** Real key presses (web-test-runner's sendKeys → Chromium input events), not synthetic clicks. */
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../define.js';
import type { MiqDashboard } from '../components/dashboard/dashboard.js';
import type { MiqMultiSelect } from '../components/filter-bar/multi-select.js';
import type { MiqTable } from '../components/table/table.js';
import { createClient } from '../internal/client.js';
import { TEST_DASHBOARD } from './dashboard-fixture.js';
import { fakeApi, until } from './fake-api.js';

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** The deepest focused element, through shadow roots. */
function deepActive(): Element | null {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el;
}

async function dashboard() {
  const api = fakeApi({
    dashboards: { 'test-ads': TEST_DASHBOARD },
    filterOptions: {
      platforms: [
        { value: 'google_ads', label: 'Google Ads' },
        { value: 'meta', label: 'Meta' },
      ],
    },
  });
  const client = createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch });
  const el = await fixture<MiqDashboard>(
    html`<miq-dashboard id="test-ads" locale="en-US" .client=${client}></miq-dashboard>`,
  );
  await until(() => el.panels.length === 4, 5000, 'panels');
  await Promise.all(el.panels.map((p) => p.settled()));
  return el;
}

const kpi = (el: MiqDashboard) => norm(el.panels[0]!.shadowRoot!.querySelector('[part="value"]')?.textContent);

describe('keyboard use (fake API)', () => {
  it('Tab reaches the filter bar; Enter opens a filter, Space selects an option, Escape closes it', async () => {
    const el = await dashboard();
    const select = el.shadowRoot!.querySelector('miq-filter-bar')!.shadowRoot!.querySelector('select')!;
    select.focus();
    await sendKeys({ press: 'Tab' }); // the comparison checkbox
    await sendKeys({ press: 'Tab' }); // the platform filter
    const ms = el
      .shadowRoot!.querySelector('miq-filter-bar')!
      .shadowRoot!.querySelector<MiqMultiSelect>('miq-multi-select')!;
    expect(deepActive()).to.equal(ms.shadowRoot!.querySelector('[part="trigger"]'));
    await sendKeys({ press: 'Enter' });
    await ms.optionsLoaded();
    await sendKeys({ press: 'Tab' }); // the search box
    await sendKeys({ press: 'Tab' }); // Google Ads
    await sendKeys({ press: 'Tab' }); // Meta
    expect((deepActive() as HTMLInputElement).value).to.equal('meta');
    await sendKeys({ press: 'Space' });
    // meta, last 30 days: 80 + 20 + 100 = 200
    await until(() => kpi(el) === '€200.00', 5000, 'KPI filtered to Meta');
    await sendKeys({ press: 'Escape' });
    await ms.updateComplete;
    expect(ms.shadowRoot!.querySelector('[part="trigger"]')!.getAttribute('aria-expanded')).to.equal('false');
    expect(deepActive()).to.equal(ms.shadowRoot!.querySelector('[part="trigger"]'));
  });

  it('Enter on a column header sorts; Enter on a row cross-filters; Enter on › drills down', async () => {
    const el = await dashboard();
    const table = el.panels[3] as MiqTable;
    const header = table.shadowRoot!.querySelector<HTMLButtonElement>('th button[data-member="campaign.name"]')!;
    header.focus();
    await sendKeys({ press: 'Enter' });
    await table.updateComplete;
    const names = () => [...table.shadowRoot!.querySelectorAll('tbody th')].map((th) => norm(th.textContent));
    expect(names()).to.deep.equal(['Brand', 'Generic', 'Prospecting', 'Retargeting']);
    const generic = [...table.shadowRoot!.querySelectorAll<HTMLButtonElement>('tbody button.select')].find(
      (b) => norm(b.textContent) === 'Generic',
    )!;
    generic.focus();
    await sendKeys({ press: 'Enter' });
    // campaign Generic: 200
    await until(() => kpi(el) === '€200.00', 5000, 'cross-filtered KPI');
    const drill = table.shadowRoot!.querySelector<HTMLButtonElement>('button.drill[aria-label="Drill into Brand"]')!;
    drill.focus();
    await sendKeys({ press: 'Enter' });
    await table.settled();
    // Brand's ad groups in the last 30 days: Brand exact 1000 + 100 + 200 = 1300, Brand broad 50
    expect(names()).to.deep.equal(['Brand exact', 'Brand broad']);
    expect(norm(table.shadowRoot!.querySelector('[part="drill"]')!.textContent)).to.contain('Brand');
  });
});
