/**
 * Against the real embed API over the test warehouse (started by web-test-runner's `miq-real-api` command; see
 * web-test-runner.config.mjs). Expected numbers come from plain SQL over the tenant's raw Fivetran tables.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../define.js';
import type { MiqChart } from '../components/chart/chart.js';
import type { MiqDashboard } from '../components/dashboard/dashboard.js';
import type { MiqKpi } from '../components/kpi/kpi.js';
import type { MiqTable } from '../components/table/table.js';
import type { DashboardDocument } from '../internal/dashboard-document.js';
import { until } from './fake-api.js';

interface Api {
  baseUrl: string;
  token: string;
  tenant: string;
  error?: string;
}

async function realApi(): Promise<Api> {
  // a command answers within 20 s; the API may take longer to start, so ask again (the start is shared)
  let api: Api | undefined;
  for (let attempt = 0; !api; attempt++) {
    try {
      api = (await executeServerCommand('miq-real-api')) as Api;
    } catch (error) {
      if (attempt >= 5 || !String(error).includes('Did not receive a server response')) throw error;
    }
  }
  if (api.error) throw new Error(api.error);
  return api;
}

async function rawClicks(): Promise<{ google_ads: number; meta: number }> {
  const res = (await executeServerCommand('miq-raw-sql', {
    sql: `select (select coalesce(sum(clicks), 0) from google_ads.campaign_stats) as google_ads,
                 (select coalesce(sum(inline_link_clicks), 0) from facebook_ads.ad_device_report) as meta`,
  })) as { rows?: { google_ads: number; meta: number }[]; error?: string };
  if (!res.rows) throw new Error(res.error);
  return res.rows[0]!;
}

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const int = (n: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(n);

describe('widgets against the real embed API (test warehouse)', function () {
  // the first test starts the API (DuckDB, PGlite, migrations, demo seed): slow on a busy machine
  this.timeout(120000);
  it('a KPI shows all-time clicks equal to the raw Google Ads + Meta tables', async () => {
    const api = await realApi();
    const raw = await rawClicks();
    expect(raw.google_ads + raw.meta).to.be.greaterThan(0);
    const el = await fixture<MiqKpi>(html`<miq-kpi api-base=${api.baseUrl} token=${api.token} locale="en-US"
      heading="Clicks" .query=${{ measures: ['ads.clicks'] }}></miq-kpi>`);
    await el.settled();
    expect(el.panelState, norm(el.shadowRoot!.querySelector('[part="error"]')?.textContent)).to.equal('loaded');
    expect(norm(el.shadowRoot!.querySelector('[part="value"]')!.textContent)).to.equal(int(raw.google_ads + raw.meta));
  });

  it('a chart draws clicks per platform, and its table view matches the raw tables', async () => {
    const api = await realApi();
    const raw = await rawClicks();
    const spec = {
      data: { name: 'rows' },
      mark: 'bar',
      encoding: { x: { field: 'platform.code', type: 'nominal' }, y: { field: 'ads.clicks', type: 'quantitative' } },
    };
    const el = await fixture<MiqChart>(html`<miq-chart api-base=${api.baseUrl} token=${api.token} locale="en-US"
      heading="Clicks by platform" .query=${{ measures: ['ads.clicks'], dimensions: ['platform.code'] }} .spec=${spec}></miq-chart>`);
    await el.settled();
    await until(() => !!el.view, 15000, 'chart drawn');
    expect(el.shadowRoot!.querySelectorAll('.chart svg .mark-rect path').length).to.equal(2);
    el.tableView = true;
    await el.updateComplete;
    const rows = Object.fromEntries(
      [...el.shadowRoot!.querySelectorAll('[part="data-table"] tbody tr')].map((tr) => [
        norm(tr.children[0]!.textContent),
        norm(tr.children[1]!.textContent),
      ]),
    );
    expect(rows).to.deep.equal({ google_ads: int(raw.google_ads), meta: int(raw.meta) });
  });

  it('a campaign table exports CSV whose clicks add up to the raw total', async () => {
    const api = await realApi();
    const raw = await rawClicks();
    const el = await fixture<MiqTable>(html`<miq-table api-base=${api.baseUrl} token=${api.token}
      .query=${{ measures: ['ads.clicks'], dimensions: ['campaign.id'], limit: 5000 }}></miq-table>`);
    await el.settled();
    let csv = '';
    el.addEventListener('miq-export', (e) => {
      csv = e.detail.data;
      e.preventDefault();
    });
    el.exportCsv();
    const lines = csv.trim().split('\r\n').slice(1);
    expect(lines.length).to.be.greaterThan(1);
    const total = lines.reduce((s, line) => s + Number(line.split(',').at(-1)), 0);
    expect(total).to.equal(raw.google_ads + raw.meta);
  });

  it('a dashboard document runs every panel against the API with the date preset', async () => {
    const api = await realApi();
    const doc: DashboardDocument = {
      id: 'widgets-real',
      title: 'Real API',
      filters: ['dateRange'],
      panels: [
        { id: 'spend', type: 'kpi', title: 'Spend', span: 4, query: { measures: ['ads.spend'] } },
        {
          id: 'daily',
          type: 'chart',
          title: 'Daily clicks',
          span: 8,
          query: { measures: ['ads.clicks'], timeDimension: { dimension: 'date.day', granularity: 'day' } },
          spec: {
            data: { name: 'rows' },
            mark: 'line',
            encoding: { x: { field: 'date.day', type: 'temporal' }, y: { field: 'ads.clicks', type: 'quantitative' } },
          },
        },
      ],
    };
    const el = await fixture<MiqDashboard>(
      html`<miq-dashboard api-base=${api.baseUrl} token=${api.token} .definition=${doc}></miq-dashboard>`,
    );
    await until(() => el.panels.length === 2, 5000, 'panels');
    await Promise.all(el.panels.map((p) => p.settled()));
    expect(el.panels.map((p) => p.panelState)).to.deep.equal(['loaded', 'loaded']);
    const spend = el.panels[0]!.response!;
    expect(spend.query.timeDimension?.relativeRange).to.equal('last 30 days');
    expect(spend.annotation['ads.spend']?.format).to.equal('currency');
    // compare is on for KPI tiles: the API returns the previous period alongside
    expect(Object.keys(spend.rows[0] ?? {})).to.include('ads.spend.previous');
  });
});
