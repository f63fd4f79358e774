import { expect } from '@open-wc/testing';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import './define.js';
import type { MiqDashboard } from './components/dashboard/dashboard.js';
import type { MiqFilterChangeDetail, MiqLoadDetail } from './events/index.js';
import { createClient, type MiqClientLike } from './internal/client.js';
import type {} from './react.js';
import { TEST_DASHBOARD } from './test/dashboard-fixture.js';
import { fakeApi, until } from './test/fake-api.js';

interface HostProps {
  client: MiqClientLike;
  onLoad: (detail: MiqLoadDetail) => void;
}

/** A React 19 host page: typed props on <miq-dashboard>, events through on<event-name> props. */
function HostPage({ client, onLoad }: HostProps) {
  const [preset, setPreset] = useState('last_30_days');
  return (
    <main>
      <p data-testid="preset">{preset}</p>
      <miq-dashboard
        id="test-ads"
        locale="en-US"
        theme="light"
        client={client}
        onmiq-load={(e) => onLoad(e.detail)}
        onmiq-filter-change={(e: CustomEvent<MiqFilterChangeDetail>) => setPreset(e.detail.state.preset)}
      />
    </main>
  );
}

describe('a React 19 host page (fake API)', () => {
  it('renders <miq-dashboard> with typed props and receives its events', async () => {
    const api = fakeApi({ dashboards: { 'test-ads': TEST_DASHBOARD } });
    const client = createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch });
    const container = document.createElement('div');
    document.body.append(container);
    const loads: MiqLoadDetail[] = [];
    const root = createRoot(container);
    root.render(<HostPage client={client} onLoad={(d) => loads.push(d)} />);
    await until(() => !!container.querySelector('miq-dashboard'), 5000, 'React render');
    const el = container.querySelector('miq-dashboard') as MiqDashboard;
    // React 19 passed the client as a property, not an attribute
    expect(el.client).to.equal(client);
    expect(el.hasAttribute('client')).to.equal(false);
    await until(() => el.panels.length === 4, 5000, 'panels');
    await Promise.all(el.panels.map((p) => p.settled()));
    await until(() => loads.length >= 4, 5000, 'miq-load events in React');
    expect(new Set(loads.map((l) => l.panelId))).to.deep.equal(new Set(['spend', 'value', 'by-platform', 'campaigns']));
    const select = el
      .shadowRoot!.querySelector('miq-filter-bar')!
      .shadowRoot!.querySelector<HTMLSelectElement>('select')!;
    select.value = 'last_7_days';
    select.dispatchEvent(new Event('change'));
    await until(
      () => container.querySelector('[data-testid="preset"]')!.textContent === 'last_7_days',
      5000,
      'React state',
    );
    root.unmount();
    container.remove();
  });
});
