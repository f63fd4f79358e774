/** axe-core over the agent elements in each state (loaded, empty, error; answer and refusal), light and dark. */
import { expect, fixture, html } from '@open-wc/testing';
import '../components/alerts/define.js';
import '../components/ask/define.js';
import '../components/insights/define.js';
import type { MiqAlerts } from '../components/alerts/alerts.js';
import type { MiqAsk } from '../components/ask/ask.js';
import type { MiqChart } from '../components/chart/chart.js';
import type { MiqInsights } from '../components/insights/insights.js';
import { createClient } from '../internal/client.js';
import { ALERTS, ANSWER, FINDINGS } from './agents-fixture.js';
import { seriousViolations } from './axe.js';
import { fakeApi, until } from './fake-api.js';

function client(token = 'good') {
  const api = fakeApi({
    validTokens: ['good'],
    findings: { 'test-agent': FINDINGS },
    alerts: { '': ALERTS },
    answers: { [ANSWER.question]: ANSWER },
  });
  return createClient({ baseUrl: 'https://api.test', token, fetch: api.fetch });
}

async function check(el: Element): Promise<void> {
  const problems = await seriousViolations(el);
  expect(problems, problems.join('\n')).to.deep.equal([]);
}

for (const theme of ['light', 'dark'] as const) {
  describe(`axe-core over the agent elements (${theme})`, () => {
    it('miq-insights and miq-alerts: loaded, empty and error', async () => {
      const good = client();
      const bad = client('bad');
      const wrap = await fixture<HTMLDivElement>(html`<div>
        <miq-insights theme=${theme} heading="Findings" dashboard="test-agent" .client=${good}></miq-insights>
        <miq-insights theme=${theme} heading="Findings" dashboard="quiet" .client=${good}></miq-insights>
        <miq-insights theme=${theme} heading="Findings" dashboard="test-agent" .client=${bad}></miq-insights>
        <miq-alerts theme=${theme} heading="Alerts" .client=${good}></miq-alerts>
        <miq-alerts theme=${theme} heading="Alerts" sensitivity="9" .client=${good}></miq-alerts>
        <miq-alerts theme=${theme} heading="Alerts" .client=${bad}></miq-alerts>
      </div>`);
      const els = [...wrap.children] as (MiqInsights | MiqAlerts)[];
      await Promise.all(els.map((e) => e.settled()));
      expect(els.map((e) => e.panelState)).to.deep.equal(['loaded', 'empty', 'error', 'loaded', 'empty', 'error']);
      await check(wrap);
    });

    it('miq-ask: idle, answer (chart and table), refusal and error', async () => {
      const good = client();
      const wrap = await fixture<HTMLDivElement>(html`<div>
        <miq-ask theme=${theme} .client=${good}></miq-ask>
        <miq-ask theme=${theme} .client=${good} question=${ANSWER.question}></miq-ask>
        <miq-ask theme=${theme} .client=${good} question="what is the meaning of life"></miq-ask>
        <miq-ask theme=${theme} .client=${client('bad')} question=${ANSWER.question}></miq-ask>
      </div>`);
      const els = [...wrap.children] as MiqAsk[];
      await Promise.all(els.map((e) => e.settled()));
      expect(els.map((e) => e.panelState)).to.deep.equal(['idle', 'answer', 'refusal', 'error']);
      const chart = els[1]!.shadowRoot!.querySelector<MiqChart>('miq-chart')!;
      await chart.settled();
      await until(() => !!chart.view, 15000, 'chart drawn');
      await check(wrap);
    });
  });
}
