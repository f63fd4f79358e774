import { expect, fixture, html } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import '../define.js';
import type { MiqDashboard } from '../components/dashboard/dashboard.js';
import type { MiqKpi } from '../components/kpi/kpi.js';
import { createClient } from '../internal/client.js';
import { TEST_DASHBOARD } from './dashboard-fixture.js';
import { fakeApi, until } from './fake-api.js';

function client(delayMs = 0) {
  const api = fakeApi({ delayMs, dashboards: { 'test-ads': TEST_DASHBOARD } });
  return createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch });
}

describe('media features (fake API)', () => {
  afterEach(async () => {
    await emulateMedia({ media: 'screen', colorScheme: 'light', reducedMotion: 'no-preference' });
  });

  it('theme="auto" follows prefers-color-scheme, live', async () => {
    await emulateMedia({ colorScheme: 'light' });
    const el = await fixture<MiqDashboard>(
      html`<miq-dashboard id="test-ads" theme="auto" .client=${client()}></miq-dashboard>`,
    );
    await until(() => el.panels.length === 4, 5000, 'panels');
    expect(el.dataset.theme).to.equal('light');
    await emulateMedia({ colorScheme: 'dark' });
    await until(() => el.panels.every((p) => p.dataset.theme === 'dark'), 5000, 'dark panels');
    expect(el.dataset.theme).to.equal('dark');
  });

  it('stops the skeleton animation under prefers-reduced-motion', async () => {
    const el = await fixture<MiqKpi>(
      html`<miq-kpi .client=${client(2000)} .query=${{ measures: ['ads.spend'] }}></miq-kpi>`,
    );
    const skeleton = el.shadowRoot!.querySelector('.skeleton')!;
    expect(getComputedStyle(skeleton).animationName).to.equal('miq-pulse');
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(getComputedStyle(skeleton).animationName).to.equal('none');
  });

  it('prints the dashboard without controls, one panel per block', async () => {
    const el = await fixture<MiqDashboard>(html`<miq-dashboard id="test-ads" .client=${client()}></miq-dashboard>`);
    await until(() => el.panels.length === 4, 5000, 'panels');
    await Promise.all(el.panels.map((p) => p.settled()));
    const bar = el.shadowRoot!.querySelector('miq-filter-bar')!;
    const grid = el.shadowRoot!.querySelector('.grid')!;
    const toolbar = el.panels[3]!.shadowRoot!.querySelector('.toolbar')!;
    expect(getComputedStyle(bar).display).not.to.equal('none');
    await emulateMedia({ media: 'print' });
    expect(getComputedStyle(bar).display).to.equal('none');
    expect(getComputedStyle(grid).display).to.equal('block');
    expect(getComputedStyle(toolbar).display).to.equal('none');
    expect(getComputedStyle(el.panels[0]!).breakInside).to.equal('avoid');
  });

  it("lays panels out by the element's own width (container queries), not the viewport", async () => {
    const wrap = await fixture<HTMLDivElement>(html`<div>
      <div class="wide"><miq-dashboard id="test-ads" .client=${client()}></miq-dashboard></div>
      <div class="narrow"><miq-dashboard id="test-ads" .client=${client()}></miq-dashboard></div>
    </div>`);
    wrap.querySelector<HTMLElement>('.wide')!.style.width = '1200px';
    wrap.querySelector<HTMLElement>('.narrow')!.style.width = '420px';
    const [wide, narrow] = [...wrap.querySelectorAll('miq-dashboard')] as MiqDashboard[];
    await until(() => wide!.panels.length === 4 && narrow!.panels.length === 4, 5000, 'panels');
    const widths = (d: MiqDashboard) => d.panels.map((p) => Math.round(p.getBoundingClientRect().width));
    const [kpi, , chart, table] = widths(wide!);
    // 12 columns: span-4 is a third of span-12, span-8 two thirds (gaps aside)
    expect(kpi! / table!).to.be.closeTo(1 / 3, 0.03);
    expect(chart! / table!).to.be.closeTo(2 / 3, 0.03);
    // in a 420 px sidebar every panel takes the full width
    const n = widths(narrow!);
    expect(new Set(n).size).to.equal(1);
  });
});
