/**
 * The agent elements against the real embed API over the test warehouse (web-test-runner's `miq-real-tenant` command
 * starts it; see web-test-runner.config.mjs). The tenant is one whose reporting currency is not USD (the generator's
 * manifest says which), so a number shown in that currency cannot come from a USD default. What each element shows
 * is compared with the API's own answer for that tenant, fetched directly; the formatting expectations are computed
 * here with `Intl`, not with the widgets' formatter.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../components/alerts/define.js';
import '../components/ask/define.js';
import '../components/insights/define.js';
import type { MiqAlerts } from '../components/alerts/alerts.js';
import type { MiqAsk } from '../components/ask/ask.js';
import type { MiqChart } from '../components/chart/chart.js';
import type { MiqInsights } from '../components/insights/insights.js';
import type { MiqTable } from '../components/table/table.js';
import type { MiqErrorDetail, MiqFindingOpenDetail } from '../events/index.js';
import type { AgentQueryResponse, AlertsResponse, RecommendResponse } from '../internal/agents-wire.js';
import { until } from './fake-api.js';

interface Tenant {
  baseUrl: string;
  tenant: string;
  token: string;
  currency: string;
  error?: string;
}

async function realTenant(): Promise<Tenant> {
  let t: Tenant | undefined;
  for (let attempt = 0; !t; attempt++) {
    try {
      t = (await executeServerCommand('miq-real-tenant')) as Tenant;
    } catch (error) {
      if (attempt >= 5 || !String(error).includes('Did not receive a server response')) throw error;
    }
  }
  if (t.error) throw new Error(t.error);
  return t;
}

async function call<T>(t: Tenant, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${t.baseUrl}/api/v1${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  expect(res.status, path).to.equal(200);
  return (await res.json()) as T;
}

const AGENT_DASHBOARDS = [
  'budget-pacing',
  'bid-strategy',
  'search-terms',
  'creative',
  'video',
  'audiences',
  'dayparting',
  'channel-mix',
  'email-campaigns',
  'lifecycle-flows',
  'list-growth',
  'anomalies',
];
/** Evidence numbers that are money (by the agents' README and analyzers), in the tenant's currency. */
const MONEY = new Set([
  'spend',
  'cpa',
  'average_cpa',
  'cpa_before',
  'cpa_after',
  'month_to_date_spend',
  'projected',
  'monthly_budget',
  'daily_budget',
  'previous_daily_budget',
  'cost_per_completed_view',
  'revenue_per_recipient',
]);
/** Alert KPIs whose values are money. */
const MONEY_KPIS = new Set(['spend', 'cpa', 'email_revenue']);

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const money = (n: number, currency: string) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(n);
const day = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
};
const signedPct = (n: number) =>
  new Intl.NumberFormat('en-US', { style: 'percent', signDisplay: 'exceptZero', maximumFractionDigits: 1 }).format(n);

describe('agent elements against the real embed API (test warehouse)', function () {
  this.timeout(180000);

  it('<miq-insights> shows, for every agent dashboard, exactly the findings the API ranks, money in the tenant currency', async () => {
    const t = await realTenant();
    expect(t.currency).to.be.a('string').and.not.equal('USD');
    let withFindings = 0;
    let moneyChecked = 0;
    for (const dashboard of AGENT_DASHBOARDS) {
      const want = await call<RecommendResponse>(t, '/agents/recommend', { dashboard });
      const el = await fixture<MiqInsights>(html`<miq-insights api-base=${t.baseUrl} token=${t.token} locale="en-US"
        heading="Findings" dashboard=${dashboard}></miq-insights>`);
      await el.settled();
      const root = el.shadowRoot!;
      const items = [...root.querySelectorAll<HTMLElement>('[part="finding"]')];
      const unavailable = norm(root.querySelector('[part="unavailable"]')?.textContent);
      for (const u of want.unavailable)
        expect(unavailable, `${dashboard}: unavailable`).to.include(u.missing.join(', '));
      if (want.unavailable.length === 0) expect(unavailable, dashboard).to.equal('');
      if (want.findings.length === 0) {
        // honest empty state: says no rule found anything, lists the rules it could not apply
        expect(el.panelState, dashboard).to.equal('empty');
        expect(items.length).to.equal(0);
        expect(norm(root.querySelector('[part="empty"]')?.textContent)).to.equal(
          'No findings: the rules that ran found nothing to act on.',
        );
        continue;
      }
      withFindings++;
      expect(el.panelState, dashboard).to.equal('loaded');
      // same findings, same (impact) order, same words
      expect(items.map((li) => li.dataset.id)).to.deep.equal(want.findings.map((f) => f.id));
      want.findings.forEach((f, i) => {
        const li = items[i]!;
        const where = `${dashboard}/${f.id}`;
        expect(f.currency, where).to.equal(t.currency);
        expect(norm(li.querySelector('.title')?.textContent), where).to.equal(norm(f.title));
        expect(norm(li.querySelector('[part="action"]')?.textContent), where).to.equal(
          `Recommended action: ${norm(f.action)}`,
        );
        expect(li.dataset.severity, where).to.equal(f.severity);
        expect(norm(li.querySelector('[part="impact"]')?.textContent), where).to.equal(
          f.impact === null ? 'Impact not estimated' : `Estimated impact: ${money(f.impact, t.currency)}`,
        );
        const shown = Object.fromEntries(
          [...li.querySelectorAll<HTMLElement>('[part="evidence"] [data-name]')].map((d) => [
            d.dataset.name,
            norm(d.querySelector('dd')?.textContent),
          ]),
        );
        expect(Object.keys(shown), where).to.deep.equal(Object.keys(f.evidence.numbers));
        for (const [name, value] of Object.entries(f.evidence.numbers)) {
          if (!MONEY.has(name)) continue;
          expect(shown[name], `${where} ${name}`).to.equal(money(value, t.currency));
          moneyChecked++;
        }
      });
      // "show the data" hands the host the finding's evidence query
      let opened: MiqFindingOpenDetail | undefined;
      el.addEventListener('miq-finding-open', (e) => {
        opened = e.detail;
      });
      items[0]!.querySelector<HTMLButtonElement>('[part="open"]')!.click();
      expect(opened?.dashboard).to.equal(dashboard);
      expect(opened?.finding.id).to.equal(want.findings[0]!.id);
      expect(opened?.query).to.deep.equal(want.findings[0]!.evidence.query);
    }
    // the test warehouse has findings for most agents; a run where none render proves nothing
    expect(withFindings, 'agent dashboards with findings').to.be.greaterThan(5);
    expect(moneyChecked, 'money evidence numbers checked').to.be.greaterThan(5);
  });

  it('<miq-alerts> shows the API alerts (actual vs expected in the tenant currency) and re-asks at another sensitivity', async () => {
    const t = await realTenant();
    const el = await fixture<MiqAlerts>(
      html`<miq-alerts api-base=${t.baseUrl} token=${t.token} locale="en-US" heading="Alerts"></miq-alerts>`,
    );
    await el.settled();
    const check = async (want: AlertsResponse) => {
      const rows = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part="alert"]')];
      expect(rows.map((r) => r.dataset.id)).to.deep.equal(want.alerts.map((a) => a.id));
      let moneyRows = 0;
      want.alerts.forEach((a, i) => {
        const r = rows[i]!;
        const cells = [...r.querySelectorAll('td')].map((c) => norm(c.textContent));
        expect(cells[0], a.id).to.equal(day(a.date));
        expect(cells[3], a.id).to.equal(signedPct(a.relativeChange));
        const kpi = a.kpi.split(':')[0]!;
        if (MONEY_KPIS.has(kpi)) {
          expect([cells[1], cells[2]], a.id).to.deep.equal([money(a.value, t.currency), money(a.expected, t.currency)]);
          moneyRows++;
        } else {
          expect(cells[1], a.id).to.not.match(/[€$£¥]|kr|NZ/);
        }
        if (a.changes.length === 0) expect(cells[4]).to.equal('None');
        else for (const c of a.changes) expect(cells[4]).to.include(`${c.entity} — ${c.detail}`);
      });
      return moneyRows;
    };
    const byDefault = await call<AlertsResponse>(t, '/alerts');
    expect(byDefault.alerts.length, 'alerts at the tenant sensitivity').to.be.greaterThan(0);
    expect(await check(byDefault), 'money alerts').to.be.greaterThan(0);
    // the control: a lower threshold reports more anomalies, exactly the API's for that sensitivity
    const select = el.shadowRoot!.querySelector<HTMLSelectElement>('[part="sensitivity"]')!;
    expect(Number(select.value)).to.equal(byDefault.sensitivity);
    const lower = byDefault.sensitivity - 1;
    select.value = String(lower);
    select.dispatchEvent(new Event('change'));
    await el.settled();
    expect(el.sensitivity).to.equal(lower);
    const more = await call<AlertsResponse>(t, `/alerts?sensitivity=${lower}`);
    expect(more.sensitivity).to.equal(lower);
    expect(more.alerts.length).to.be.greaterThan(byDefault.alerts.length);
    await check(more);
  });

  it('<miq-ask> answers with the API sentence, a chart drawn from its rows and a table in the tenant currency', async () => {
    const t = await realTenant();
    const question = 'spend by platform last 30 days';
    const want = await call<AgentQueryResponse>(t, '/agents/query', { question });
    expect(want.kind).to.equal('answer');
    if (want.kind !== 'answer') return;
    const el = await fixture<MiqAsk>(
      html`<miq-ask api-base=${t.baseUrl} token=${t.token} locale="en-US" question=${question}></miq-ask>`,
    );
    await el.settled();
    expect(el.panelState).to.equal('answer');
    const root = el.shadowRoot!;
    expect(norm(root.querySelector('[part="sentence"]')?.textContent)).to.equal(norm(want.sentence));
    const chart = root.querySelector<MiqChart>('miq-chart')!;
    await chart.settled();
    await until(() => !!chart.view, 15000, 'chart drawn');
    expect(chart.shadowRoot!.querySelectorAll('.chart svg .mark-rect path').length).to.equal(want.rows.length);
    const table = root.querySelector<MiqTable>('miq-table')!;
    await table.settled();
    const cells = [...table.shadowRoot!.querySelectorAll('[part="table"] tbody tr')].map((tr) =>
      [...tr.children].map((c) => norm(c.textContent)),
    );
    const wantCells = want.rows.map((r) => [String(r['platform.code']), money(Number(r['ads.spend']), t.currency)]);
    expect(cells.map((c) => c.slice(0, 2))).to.have.deep.members(wantCells);
    expect(norm(root.querySelector('[part="query"] pre')?.textContent)).to.equal(
      norm(JSON.stringify(want.request, null, 2)),
    );
  });

  it('<miq-ask> shows the refusal and its suggestions; a suggestion asks it', async () => {
    const t = await realTenant();
    const question = 'what will revenue be next year?';
    const want = await call<AgentQueryResponse>(t, '/agents/query', { question });
    expect(want.kind).to.equal('refusal');
    if (want.kind !== 'refusal') return;
    const el = await fixture<MiqAsk>(
      html`<miq-ask api-base=${t.baseUrl} token=${t.token} locale="en-US" question=${question}></miq-ask>`,
    );
    await el.settled();
    expect(el.panelState).to.equal('refusal');
    const root = el.shadowRoot!;
    expect(norm(root.querySelector('[part="refusal"] p')?.textContent)).to.equal(
      norm(`${want.message} ${want.reason}`),
    );
    const buttons = [...root.querySelectorAll<HTMLButtonElement>('[part="suggestion"]')];
    expect(buttons.map((b) => norm(b.textContent))).to.deep.equal(want.suggestions);
    expect(buttons.length).to.be.greaterThan(0);
    buttons[0]!.click();
    await el.settled();
    expect(el.question).to.equal(want.suggestions[0]);
    expect(el.result?.question).to.equal(want.suggestions[0]);
    expect(['answer', 'refusal']).to.include(el.panelState);
  });

  it('a bad token: each agent element shows a readable error and fires miq-error', async () => {
    const t = await realTenant();
    for (const make of [
      () => html`<miq-insights api-base=${t.baseUrl} token="not-a-token" dashboard="channel-mix"></miq-insights>`,
      () => html`<miq-alerts api-base=${t.baseUrl} token="not-a-token"></miq-alerts>`,
      () => html`<miq-ask api-base=${t.baseUrl} token="not-a-token" question="spend last 7 days"></miq-ask>`,
    ]) {
      const errors: MiqErrorDetail[] = [];
      const wrap = await fixture<HTMLDivElement>(
        html`<div @miq-error=${(e: CustomEvent<MiqErrorDetail>) => errors.push(e.detail)}>${make()}</div>`,
      );
      const el = wrap.firstElementChild as MiqInsights | MiqAlerts | MiqAsk;
      await el.settled();
      expect(el.panelState, el.localName).to.equal('error');
      expect(errors.length, el.localName).to.equal(1);
      expect(errors[0]!.status, el.localName).to.equal(401);
      const shown = el.shadowRoot!.querySelector('[part="error"]');
      expect(shown?.getAttribute('role')).to.equal('alert');
      expect(norm(shown?.textContent)).to.include('could not be loaded');
      expect(norm(shown?.textContent)).to.include(errors[0]!.message);
    }
  });
});
