import { expect, fixture, html } from '@open-wc/testing';
import { createClient } from '../../internal/client.js';
import { fakeApi, until } from '../../test/fake-api.js';
import type { MiqKpi } from './kpi.js';
import './define.js';

const RANGE = ['2026-11-20', '2026-11-22'] as const;

function spendQuery(measure = 'ads.spend') {
  return {
    measures: [measure],
    timeDimension: { dimension: 'date.day', dateRange: RANGE },
    compare: 'previous_period',
  };
}

function text(el: MiqKpi, part: string): string {
  return el.shadowRoot!.querySelector(`[part~="${part}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

describe('<miq-kpi> against a fake API', () => {
  it('shows a skeleton while loading, then the value in the locale and currency', async () => {
    const api = fakeApi({ delayMs: 150 });
    const client = createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch });
    const el = await fixture<MiqKpi>(
      html`<miq-kpi .client=${client} locale="de-DE" heading="Spend" .query=${spendQuery()}></miq-kpi>`,
    );
    expect(el.shadowRoot!.querySelector('[part="skeleton"]')).to.exist;
    expect(el.panelState).to.equal('loading');
    await el.settled();
    // 100 + 50 + 200 + 80 + 20 = 450 EUR in the range
    expect(text(el, 'value')).to.equal('450,00 €');
    expect(el.panelState).to.equal('loaded');
  });

  it('formats for en-US too', async () => {
    const api = fakeApi();
    const client = createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch });
    const el = await fixture<MiqKpi>(html`<miq-kpi .client=${client} locale="en-US" .query=${spendQuery()}></miq-kpi>`);
    await el.settled();
    expect(text(el, 'value')).to.equal('€450.00');
    expect(text(el, 'delta')).to.contain('+50%').and.contain('vs previous period');
  });

  it('colours a cost increase as bad and a revenue increase as good', async () => {
    const api = fakeApi();
    const client = createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch });
    const spend = await fixture<MiqKpi>(
      html`<miq-kpi .client=${client} locale="en-US" .query=${spendQuery()}></miq-kpi>`,
    );
    const value = await fixture<MiqKpi>(
      html`<miq-kpi .client=${client} locale="en-US" .query=${spendQuery('ads.conversion_value')}></miq-kpi>`,
    );
    await spend.settled();
    await value.settled();
    // spend 300 → 450 (+50 %): up is bad. Conversion value 300 → 1000: up is good.
    expect(spend.change).to.be.closeTo(0.5, 1e-9);
    expect(value.change).to.be.closeTo(1000 / 300 - 1, 1e-9);
    const spendDelta = spend.shadowRoot!.querySelector('[part="delta"]')!;
    const valueDelta = value.shadowRoot!.querySelector('[part="delta"]')!;
    expect(spendDelta.getAttribute('data-sentiment')).to.equal('negative');
    expect(valueDelta.getAttribute('data-sentiment')).to.equal('positive');
    expect(getComputedStyle(spendDelta).color).to.equal('rgb(207, 34, 46)');
    expect(getComputedStyle(valueDelta).color).to.equal('rgb(26, 127, 55)');
  });

  it('draws a sparkline from a daily query', async () => {
    const api = fakeApi();
    const client = createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch });
    const el = await fixture<MiqKpi>(html`<miq-kpi .client=${client} .query=${spendQuery()}></miq-kpi>`);
    await el.settled();
    await until(() => !!el.shadowRoot!.querySelector('polyline'), 3000, 'sparkline');
    // days 20, 21, 22 → three points
    const points = el.shadowRoot!.querySelector('polyline')!.getAttribute('points')!.trim().split(' ');
    expect(points).to.have.length(3);
    const daily = api.requests.find(
      (r) => (r.body as { timeDimension?: { granularity?: string } })?.timeDimension?.granularity === 'day',
    );
    expect(daily).to.exist;
  });

  it('shows an error with a retry button, fires miq-error, and recovers on retry', async () => {
    let fail = true;
    const api = fakeApi();
    const flaky: typeof fetch = async (input, init) =>
      fail
        ? new Response(JSON.stringify({ error: { code: 'warehouse_unavailable', message: 'down', details: [] } }), {
            status: 503,
          })
        : api.fetch(input, init);
    const client = createClient({ baseUrl: 'https://api.test', token: 't', fetch: flaky });
    const errors: CustomEvent[] = [];
    const wrap = await fixture<HTMLDivElement>(
      html`<div @miq-error=${(e: CustomEvent) => errors.push(e)}><miq-kpi .client=${client} .query=${spendQuery()}></miq-kpi></div>`,
    );
    const el = wrap.querySelector('miq-kpi')!;
    await until(() => el.panelState === 'error', 8000, 'error state');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="error"]')).to.exist;
    fail = false;
    (el.shadowRoot!.querySelector('[part="retry"]') as HTMLButtonElement).click();
    await until(() => el.panelState === 'loaded', 5000, 'loaded after retry');
    expect(errors.length).to.be.greaterThan(0);
    expect(errors[0]!.detail.code).to.equal('warehouse_unavailable');
    expect(errors[0]!.composed && errors[0]!.bubbles).to.equal(true);
  });

  it('shows the empty state when there are no rows', async () => {
    const api = fakeApi();
    const client = createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch });
    const q = {
      measures: ['ads.spend'],
      timeDimension: { dimension: 'date.day', dateRange: ['2020-01-01', '2020-01-02'] },
    };
    const el = await fixture<MiqKpi>(html`<miq-kpi .client=${client} .query=${q}></miq-kpi>`);
    await el.settled();
    expect(el.panelState).to.equal('empty');
    expect(el.shadowRoot!.querySelector('[part="empty"]')).to.exist;
  });
});
