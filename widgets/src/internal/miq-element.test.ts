import { expect, fixture, html } from '@open-wc/testing';
import type { MiqKpi } from '../components/kpi/kpi.js';
import '../components/kpi/define.js';
import '../components/dashboard/define.js';
import type { MiqDashboard } from '../components/dashboard/dashboard.js';
import { TEST_DASHBOARD } from '../test/dashboard-fixture.js';
import { fakeApi, until } from '../test/fake-api.js';

const QUERY = {
  measures: ['ads.spend'],
  timeDimension: { dimension: 'date.day', dateRange: ['2026-11-20', '2026-11-22'] },
};

/** Installs the fake API as the page's `fetch` (elements built from attributes use the global fetch). */
function withGlobalFakeApi(options: Parameters<typeof fakeApi>[0]) {
  const api = fakeApi(options);
  const original = window.fetch;
  window.fetch = api.fetch;
  return { api, restore: () => (window.fetch = original) };
}

describe('tokens and attributes (fake API as the page fetch)', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  it('builds its client from api-base + token and sends the token', async () => {
    const g = withGlobalFakeApi({ validTokens: ['good'] });
    restore = g.restore;
    const el = await fixture<MiqKpi>(
      html`<miq-kpi api-base="https://api.test" token="good" .query=${QUERY}></miq-kpi>`,
    );
    await el.settled();
    expect(el.panelState).to.equal('loaded');
    const req = g.api.requests.find((r) => r.path === '/api/v1/metrics')!;
    expect(req.authorization).to.equal('Bearer good');
  });

  it('refreshes an expired token through tokenProvider without a reload', async () => {
    const g = withGlobalFakeApi({ validTokens: ['fresh'] });
    restore = g.restore;
    let calls = 0;
    const provider = async () => {
      calls++;
      return 'fresh';
    };
    const el = await fixture<MiqKpi>(
      html`<miq-kpi api-base="https://api.test" token="stale" .tokenProvider=${provider} .query=${QUERY}></miq-kpi>`,
    );
    await until(() => el.panelState === 'loaded', 8000, 'loaded with a fresh token');
    expect(calls).to.be.greaterThan(0);
    const auths = g.api.requests.filter((r) => r.path === '/api/v1/metrics').map((r) => r.authorization);
    expect(auths.at(-1)).to.equal('Bearer fresh');
  });

  it('fires miq-token-expired without a provider, and recovers when the host sets a new token', async () => {
    const g = withGlobalFakeApi({ validTokens: ['fresh'], dashboards: { 'test-ads': TEST_DASHBOARD } });
    restore = g.restore;
    const expired: CustomEvent[] = [];
    const wrap = await fixture<HTMLDivElement>(html`<div @miq-token-expired=${(e: CustomEvent) => expired.push(e)}>
      <miq-dashboard id="test-ads" api-base="https://api.test" token="stale"></miq-dashboard></div>`);
    const el = wrap.querySelector<MiqDashboard>('miq-dashboard')!;
    await until(() => expired.length > 0, 8000, 'miq-token-expired');
    expect(expired[0]!.detail.code).to.equal('token_expired');
    expect(expired[0]!.composed).to.equal(true);
    el.setAttribute('token', 'fresh');
    await until(() => el.panels.length === 4, 8000, 'panels after refresh');
    await Promise.all(el.panels.map((p) => p.settled()));
    expect(el.panels.map((p) => p.panelState)).to.deep.equal(['loaded', 'loaded', 'loaded', 'loaded']);
  });
});
