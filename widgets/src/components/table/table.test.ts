import { expect, fixture, html } from '@open-wc/testing';
import { createClient } from '../../internal/client.js';
import { fakeApi } from '../../test/fake-api.js';
import type { MiqTable } from './table.js';
import './define.js';

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const QUERY = {
  measures: ['ads.spend', 'ads.conversion_value'],
  dimensions: ['ad.name'],
  timeDimension: { dimension: 'date.day', dateRange: ['2026-11-17', '2026-11-22'] },
};

function column(el: MiqTable, index: number): string[] {
  return [...el.shadowRoot!.querySelectorAll('tbody tr')].map((tr) => norm(tr.children[index]?.textContent));
}

async function table(pageSize = 10, locale = 'en-US') {
  const api = fakeApi();
  const client = createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch });
  const el = await fixture<MiqTable>(
    html`<miq-table .client=${client} heading="Ads" locale=${locale} page-size=${pageSize} .query=${QUERY}></miq-table>`,
  );
  await el.settled();
  return el;
}

describe('<miq-table> against a fake API', () => {
  it('shows formatted rows with titles from the annotations', async () => {
    const el = await table();
    const heads = [...el.shadowRoot!.querySelectorAll('thead th')].map((th) => norm(th.textContent));
    expect(heads).to.deep.equal(['Ad', 'Spend', 'Conversion value']);
    // 2026-11-17 … 22 per ad: Ad 1 = 100 + 200 = 300 spend, 400 + 200 = 600 value; Ad 2 50/100; Ad 3 200/300;
    // Ad 4 80 + 100 = 180 / 40 + 100 = 140; Ad 5 20/160
    const rows = [...el.shadowRoot!.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.children].map((c) => norm(c.textContent)),
    );
    expect(rows).to.deep.include(['Ad 1', '€300.00', '€600.00']);
    expect(rows).to.have.length(5);
  });

  it('sorts by a column from the keyboard, toggling direction, with aria-sort', async () => {
    const el = await table();
    const spendHeader = el.shadowRoot!.querySelector<HTMLButtonElement>('th button[data-member="ads.spend"]')!;
    spendHeader.focus();
    spendHeader.click();
    await el.updateComplete;
    expect(column(el, 0)).to.deep.equal(['Ad 1', 'Ad 3', 'Ad 4', 'Ad 2', 'Ad 5']);
    expect(spendHeader.closest('th')!.getAttribute('aria-sort')).to.equal('descending');
    spendHeader.click();
    await el.updateComplete;
    expect(column(el, 0)).to.deep.equal(['Ad 5', 'Ad 2', 'Ad 4', 'Ad 3', 'Ad 1']);
    expect(spendHeader.closest('th')!.getAttribute('aria-sort')).to.equal('ascending');
  });

  it('pages through rows', async () => {
    const el = await table(2);
    const header = el.shadowRoot!.querySelector<HTMLButtonElement>('th button[data-member="ads.conversion_value"]')!;
    header.click();
    await el.updateComplete;
    // by value desc: Ad 1 600, Ad 3 300, Ad 5 160, Ad 4 140, Ad 2 100
    expect(column(el, 0)).to.deep.equal(['Ad 1', 'Ad 3']);
    const pager = el.shadowRoot!.querySelector('[part="pager"]')!;
    expect(norm(pager.textContent)).to.contain('Page 1 of 3');
    pager.querySelector<HTMLButtonElement>('button[aria-label="Next page"]')!.click();
    await el.updateComplete;
    expect(column(el, 0)).to.deep.equal(['Ad 5', 'Ad 4']);
  });

  it('exports CSV of all rows with raw values', async () => {
    const el = await table(2);
    let detail: { data: string; filename: string } | null = null;
    el.addEventListener('miq-export', (e) => {
      detail = e.detail;
      e.preventDefault();
    });
    el.shadowRoot!.querySelector<HTMLButtonElement>('.toolbar button')!.click();
    const lines = detail!.data.trim().split('\r\n');
    expect(lines[0]).to.equal('Ad,Spend,Conversion value');
    expect(lines).to.include('Ad 4,180,140');
    expect(lines).to.have.length(6);
  });

  it('speaks German in de-DE', async () => {
    const el = await table(2, 'de-DE');
    expect(norm(el.shadowRoot!.querySelector('[part="pager"] span')!.textContent)).to.equal('Seite 1 von 3');
    expect(column(el, 1)).to.deep.include('300,00 €');
  });
});
