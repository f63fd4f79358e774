import { expect, fixture, html } from '@open-wc/testing';
import '../components/chart/define.js';
import '../components/dashboard/define.js';
import '../components/filter-bar/define.js';
import '../components/kpi/define.js';
import '../components/table/define.js';
import type { MiqChart } from '../components/chart/chart.js';
import type { MiqDashboard } from '../components/dashboard/dashboard.js';
import type { MiqFilterBar } from '../components/filter-bar/filter-bar.js';
import type { MiqMultiSelect } from '../components/filter-bar/multi-select.js';
import { createClient } from '../internal/client.js';
import type { MiqPanelElement } from '../internal/miq-panel.js';
import { seriousViolations } from './axe.js';
import { TEST_DASHBOARD } from './dashboard-fixture.js';
import { fakeApi, until } from './fake-api.js';

const RANGE = ['2026-11-20', '2026-11-22'];
const KPI = {
  measures: ['ads.spend'],
  timeDimension: { dimension: 'date.day', dateRange: RANGE },
  compare: 'previous_period',
};
const EMPTY = {
  measures: ['ads.spend'],
  timeDimension: { dimension: 'date.day', dateRange: ['2020-01-01', '2020-01-02'] },
};
const TABLE = { measures: ['ads.spend'], dimensions: ['campaign.name'], timeDimension: KPI.timeDimension };
const FAILING = { measures: ['ads.roas'], timeDimension: KPI.timeDimension };
const SPEC = {
  data: { name: 'rows' },
  mark: 'bar',
  encoding: { x: { field: 'campaign.name', type: 'nominal' }, y: { field: 'ads.spend', type: 'quantitative' } },
};

function client(delayMs = 0) {
  const api = fakeApi({
    delayMs,
    dashboards: { 'test-ads': TEST_DASHBOARD },
    failMeasure: { 'ads.roas': { status: 400, code: 'validation_failed' } },
    filterOptions: { platforms: [{ value: 'meta', label: 'Meta' }] },
  });
  return createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch });
}

async function check(el: Element): Promise<void> {
  const problems = await seriousViolations(el);
  expect(problems, problems.join('\n')).to.deep.equal([]);
}

for (const theme of ['light', 'dark'] as const) {
  describe(`axe-core: no serious or critical violations (${theme})`, () => {
    for (const tag of ['miq-kpi', 'miq-table', 'miq-chart'] as const) {
      it(`${tag}: loading, loaded, empty and error`, async () => {
        const slow = client(400);
        const c = client();
        const wrap = await fixture<HTMLDivElement>(html`<div>
          ${[KPI, EMPTY, FAILING].map((q) =>
            tag === 'miq-kpi'
              ? html`<miq-kpi theme=${theme} heading="Spend" .client=${c} .query=${q}></miq-kpi>`
              : tag === 'miq-table'
                ? html`<miq-table theme=${theme} heading="Campaigns" .client=${c} .query=${q === KPI ? TABLE : q}></miq-table>`
                : html`<miq-chart theme=${theme} heading="Spend by campaign" .client=${c} .query=${q === KPI ? TABLE : q} .spec=${SPEC}></miq-chart>`,
          )}
        </div>`);
        const loading = await fixture<HTMLElement>(
          tag === 'miq-kpi'
            ? html`<miq-kpi theme=${theme} heading="Spend" .client=${slow} .query=${KPI}></miq-kpi>`
            : html`<miq-table theme=${theme} heading="Campaigns" .client=${slow} .query=${TABLE}></miq-table>`,
        );
        await check(loading);
        const panels = [...wrap.children] as MiqPanelElement[];
        await Promise.all(panels.map((p) => p.settled()));
        expect(panels.map((p) => p.panelState)).to.deep.equal(['loaded', 'empty', 'error']);
        if (tag === 'miq-chart') await until(() => !!(panels[0] as MiqChart).view, 15000, 'chart drawn');
        await check(wrap);
        if (tag === 'miq-chart') {
          (panels[0] as MiqChart).tableView = true;
          await panels[0]!.updateComplete;
          await check(wrap);
        }
      });
    }

    it('miq-filter-bar with its list open', async () => {
      const el = await fixture<MiqFilterBar>(
        html`<miq-filter-bar theme=${theme} .client=${client()} filters="platform"></miq-filter-bar>`,
      );
      const ms = el.shadowRoot!.querySelector<MiqMultiSelect>('miq-multi-select')!;
      await ms.updateComplete;
      ms.shadowRoot!.querySelector<HTMLButtonElement>('[part="trigger"]')!.click();
      await ms.optionsLoaded();
      await check(el);
    });

    it('miq-dashboard loaded, with a cross-filter selected', async () => {
      const el = await fixture<MiqDashboard>(
        html`<miq-dashboard id="test-ads" theme=${theme} .client=${client()}></miq-dashboard>`,
      );
      await until(() => el.panels.length === 4, 5000, 'panels');
      await Promise.all(el.panels.map((p) => p.settled()));
      await check(el);
      el.filterState = {
        ...el.filterState,
        crossFilter: { sourcePanelId: 'campaigns', member: 'campaign.name', values: ['Brand'] },
      };
      await Promise.all(el.panels.map((p) => p.settled()));
      await check(el);
    });
  });
}
