import { expect, fixture, html } from '@open-wc/testing';
import { createClient } from '../../internal/client.js';
import { fakeApi, until } from '../../test/fake-api.js';
import type { MiqFilterBar } from './filter-bar.js';
import type { MiqMultiSelect } from './multi-select.js';
import './define.js';

const PLATFORMS = [
  { value: 'google_ads', label: 'Google Ads' },
  { value: 'meta', label: 'Meta' },
];

describe('<miq-filter-bar> against a fake API', () => {
  it('offers date presets and the comparison toggle, firing miq-filter-change', async () => {
    const api = fakeApi();
    const client = createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch });
    const changes: CustomEvent[] = [];
    const el = await fixture<MiqFilterBar>(
      html`<miq-filter-bar .client=${client} locale="en-US" @miq-filter-change=${(e: CustomEvent) => changes.push(e)}></miq-filter-bar>`,
    );
    const select = el.shadowRoot!.querySelector<HTMLSelectElement>('[part="date-range"]')!;
    expect([...select.options].map((o) => o.textContent)).to.deep.equal([
      'Last 7 days',
      'Last 30 days',
      'Last 90 days',
      'Month to date',
      'Last month',
      'Year to date',
    ]);
    select.value = 'month_to_date';
    select.dispatchEvent(new Event('change'));
    const compare = el.shadowRoot!.querySelector<HTMLInputElement>('[part="compare"]')!;
    compare.click();
    expect(changes.map((e) => e.detail.reason)).to.deep.equal(['date-range', 'compare']);
    expect(changes[1]!.detail.state).to.deep.include({ preset: 'month_to_date', compare: false });
    expect(el.value.preset).to.equal('month_to_date');
  });

  it('searches filter options through the API and selects several', async () => {
    const api = fakeApi({ filterOptions: { platforms: PLATFORMS } });
    const client = createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch });
    const changes: CustomEvent[] = [];
    const el = await fixture<MiqFilterBar>(
      html`<miq-filter-bar .client=${client} locale="en-US" filters="platform"
        @miq-filter-change=${(e: CustomEvent) => changes.push(e)}></miq-filter-bar>`,
    );
    const ms = el.shadowRoot!.querySelector<MiqMultiSelect>('miq-multi-select')!;
    await ms.updateComplete;
    const trigger = ms.shadowRoot!.querySelector<HTMLButtonElement>('[part="trigger"]')!;
    expect(trigger.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Platform: All ▾');
    trigger.click();
    await ms.optionsLoaded();
    expect(trigger.getAttribute('aria-expanded')).to.equal('true');
    expect(ms.options.map((o) => o.label)).to.deep.equal(['Google Ads', 'Meta']);
    const search = ms.shadowRoot!.querySelector<HTMLInputElement>('input[type="search"]')!;
    search.value = 'met';
    search.dispatchEvent(new Event('input'));
    await until(() => ms.options.length === 1, 3000, 'search results');
    expect(api.requests.at(-1)!.search.get('search')).to.equal('met');
    // the dashboard's filter name `platform` is the API's filter type `platforms`
    expect(api.requests.at(-1)!.path).to.equal('/api/v1/filters/platforms');
    ms.shadowRoot!.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click();
    expect(changes.at(-1)!.detail.state.selections).to.deep.equal({ 'platform.code': ['meta'] });
    await el.updateComplete;
    await ms.updateComplete;
    expect(trigger.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Platform: Meta ▾');
    // Escape closes the list and returns focus to the trigger
    search.focus();
    search.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await ms.updateComplete;
    expect(trigger.getAttribute('aria-expanded')).to.equal('false');
    expect(ms.shadowRoot!.activeElement).to.equal(trigger);
  });
});
