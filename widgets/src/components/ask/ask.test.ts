import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { MiqAnswerDetail } from '../../events/index.js';
import { createClient } from '../../internal/client.js';
import { ANSWER } from '../../test/agents-fixture.js';
import { fakeApi, until } from '../../test/fake-api.js';
import type { MiqChart } from '../chart/chart.js';
import type { MiqTable } from '../table/table.js';
import type { MiqAsk } from './ask.js';
import './define.js';

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

function setup() {
  const api = fakeApi({ answers: { [ANSWER.question]: ANSWER } });
  return { api, client: createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch }) };
}

describe('<miq-ask> against a fake API', () => {
  it('typed question + Enter: posts it, shows the sentence, draws the chart from the answer rows (no second request)', async () => {
    const { api, client } = setup();
    const answers: MiqAnswerDetail[] = [];
    const el = await fixture<MiqAsk>(html`<miq-ask locale="en-US" .client=${client}
      @miq-answer=${(e: CustomEvent<MiqAnswerDetail>) => answers.push(e.detail)}></miq-ask>`);
    expect(el.panelState).to.equal('idle');
    el.shadowRoot!.querySelector<HTMLInputElement>('[part="input"]')!.focus();
    await sendKeys({ type: ANSWER.question });
    await sendKeys({ press: 'Enter' });
    await until(() => el.panelState === 'answer', 5000, 'answer');
    await el.settled();
    expect(answers).to.deep.equal([{ question: ANSWER.question, kind: 'answer', rowCount: 2, query: ANSWER.request }]);
    const root = el.shadowRoot!;
    expect(norm(root.querySelector('[part="sentence"]')?.textContent)).to.equal(ANSWER.sentence);
    const chart = root.querySelector<MiqChart>('miq-chart')!;
    await chart.settled();
    await until(() => !!chart.view, 15000, 'chart drawn');
    expect(chart.shadowRoot!.querySelectorAll('.chart svg .mark-rect path').length).to.equal(2);
    const table = root.querySelector<MiqTable>('miq-table')!;
    await table.settled();
    const rows = [...table.shadowRoot!.querySelectorAll('[part="table"] tbody tr')].map((tr) =>
      [...tr.children].slice(0, 2).map((c) => norm(c.textContent)),
    );
    expect(rows).to.deep.equal([
      ['google_ads', '€1,350.00'],
      ['meta', '€100.00'],
    ]);
    // the rows came with the answer: nothing but the question went to the API
    expect(api.requests.map((r) => r.path.replace(/^.*\/api\/v1/, ''))).to.deep.equal(['/agents/query']);
  });

  it('a refusal lists suggestions; choosing one asks it', async () => {
    const { api, client } = setup();
    const el = await fixture<MiqAsk>(
      html`<miq-ask locale="de-DE" question="will it rain" .client=${client}></miq-ask>`,
    );
    await el.settled();
    expect(el.panelState).to.equal('refusal');
    const root = el.shadowRoot!;
    expect(norm(root.querySelector('[part="submit"]')?.textContent)).to.equal('Fragen');
    expect(norm(root.querySelector('[part="refusal"] p')?.textContent)).to.equal(
      "I can't answer that yet. Not understood.",
    );
    root.querySelector<HTMLButtonElement>('[part="suggestion"]')!.click();
    await el.settled();
    expect(el.question).to.equal('Spend last 7 days');
    expect(root.querySelector<HTMLInputElement>('[part="input"]')!.value).to.equal('Spend last 7 days');
    expect(api.requests.map((r) => (r.body as { question: string }).question)).to.deep.equal([
      'will it rain',
      'Spend last 7 days',
    ]);
  });
});
