import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { MiqFindingOpenDetail, MiqLoadDetail } from '../../events/index.js';
import { createClient } from '../../internal/client.js';
import { FINDINGS } from '../../test/agents-fixture.js';
import { fakeApi } from '../../test/fake-api.js';
import type { MiqInsights } from './insights.js';
import './define.js';

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

function setup() {
  const api = fakeApi({ findings: { 'test-agent': FINDINGS } });
  return { api, client: createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch }) };
}

describe('<miq-insights> against a fake API', () => {
  it('formats evidence by kind in the finding currency, in German', async () => {
    const { client } = setup();
    const loads: MiqLoadDetail[] = [];
    const el = await fixture<MiqInsights>(html`<miq-insights dashboard="test-agent" locale="de-DE" .client=${client}
      @miq-load=${(e: CustomEvent<MiqLoadDetail>) => loads.push(e.detail)}></miq-insights>`);
    await el.settled();
    const root = el.shadowRoot!;
    const evidence = Object.fromEntries(
      [...root.querySelectorAll<HTMLElement>('[part="evidence"] [data-name]')].map((d) => [
        d.dataset.name,
        norm(d.querySelector('dd')?.textContent),
      ]),
    );
    // money in EUR with German separators, a share as a percentage, a count as an integer
    expect(evidence).to.deep.equal({ spend: '1.234,50 €', conversions: '0', spend_share: '25 %' });
    expect(norm(root.querySelector('[part="impact"]')?.textContent)).to.equal('Geschätzte Wirkung: 200,00 €');
    expect(norm(root.querySelector('[part="severity"]')?.textContent)).to.equal('Hoch');
    expect(norm(root.querySelector('[part="unavailable"]')?.textContent)).to.equal(
      'Noch nicht geprüft (benötigte Daten fehlen): Ad fatigue (ad.ctr)',
    );
    expect(loads).to.deep.equal([{ panelId: 'insights', rowCount: 1 }]);
  });

  it('"show the data" is a keyboard-reachable button that fires miq-finding-open with the evidence query', async () => {
    const { client } = setup();
    const el = await fixture<MiqInsights>(
      html`<miq-insights dashboard="test-agent" locale="en-US" .client=${client}></miq-insights>`,
    );
    await el.settled();
    const opened: MiqFindingOpenDetail[] = [];
    document.addEventListener('miq-finding-open', (e) => opened.push(e.detail), { once: true });
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="open"]')!.focus();
    await sendKeys({ press: 'Enter' });
    expect(opened.length).to.equal(1);
    expect(opened[0]!.dashboard).to.equal('test-agent');
    expect(opened[0]!.query).to.deep.equal(FINDINGS.findings[0]!.evidence.query);
  });

  it('retries after an error', async () => {
    let fail = true;
    const api = fakeApi({ findings: { 'test-agent': FINDINGS } });
    const flaky: typeof fetch = (input, init) =>
      fail
        ? Promise.resolve(
            new Response(
              JSON.stringify({ error: { code: 'validation_failed', message: 'Bad dashboard.', details: [] } }),
              {
                status: 400,
                headers: { 'content-type': 'application/json' },
              },
            ),
          )
        : api.fetch(input, init);
    const client = createClient({ baseUrl: 'https://api.test', token: 't', fetch: flaky, retries: 0 });
    const el = await fixture<MiqInsights>(
      html`<miq-insights dashboard="test-agent" locale="en-US" .client=${client}></miq-insights>`,
    );
    await el.settled();
    expect(el.panelState).to.equal('error');
    expect(norm(el.shadowRoot!.querySelector('[part="error"]')?.textContent)).to.include('Bad dashboard.');
    fail = false;
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry"]')!.click();
    await el.settled();
    expect(el.panelState).to.equal('loaded');
    expect(el.findings.map((f) => f.id)).to.deep.equal([FINDINGS.findings[0]!.id]);
  });
});
