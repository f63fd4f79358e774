import { expect, fixture, html } from '@open-wc/testing';
import type { AlertsResponse } from '../../internal/agents-wire.js';
import { createClient } from '../../internal/client.js';
import { ALERTS } from '../../test/agents-fixture.js';
import { fakeApi } from '../../test/fake-api.js';
import type { MiqAlerts } from './alerts.js';
import './define.js';

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const STRICT: AlertsResponse = { ...ALERTS, alerts: [], sensitivity: 8 };

describe('<miq-alerts> against a fake API', () => {
  it('shows actual vs expected, the change and the setting changes; the control re-asks at another sensitivity', async () => {
    const api = fakeApi({ alerts: { '': ALERTS, '8': STRICT } });
    const client = createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch });
    const el = await fixture<MiqAlerts>(
      html`<miq-alerts locale="en-US" currency="EUR" heading="Alerts" .client=${client}></miq-alerts>`,
    );
    await el.settled();
    const root = el.shadowRoot!;
    const cells = [...root.querySelectorAll('[part="alert"] td')].map((c) => norm(c.textContent));
    expect(cells).to.deep.equal([
      'Nov 20, 2026',
      '€300.00',
      '€100.00',
      '+200%',
      'Nov 18, 2026: Brand — 1 budget change',
    ]);
    // spend up is a cost going up: shown as bad news
    expect(root.querySelector('[part="alert"] .change')!.getAttribute('data-sentiment')).to.equal('negative');
    const select = root.querySelector<HTMLSelectElement>('[part="sensitivity"]')!;
    expect(select.value).to.equal('4');
    expect(norm(select.selectedOptions[0]!.textContent)).to.equal('4 (default)');
    select.value = '8';
    select.dispatchEvent(new Event('change'));
    await el.settled();
    expect(
      api.requests.filter((r) => r.path.endsWith('/alerts')).map((r) => r.search.get('sensitivity')),
    ).to.deep.equal([null, '8']);
    expect(el.panelState).to.equal('empty');
    expect(norm(root.querySelector('[part="empty"]')?.textContent)).to.equal(
      'No anomalies from Aug 25, 2026 to Nov 22, 2026 at sensitivity 8.',
    );
    // the tenant's own sensitivity stays marked as the default
    expect(norm(root.querySelector<HTMLSelectElement>('[part="sensitivity"] option[value="4"]')!.textContent)).to.equal(
      '4 (default)',
    );
  });
});
