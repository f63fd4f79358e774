import { expect, fixture, html } from '@open-wc/testing';
import { createClient } from '../../internal/client.js';
import { fakeApi, until } from '../../test/fake-api.js';
import { markFills } from '../../test/scenegraph.js';
import type { MiqChart } from './chart.js';
import './define.js';

// A Vega spec as a server would precompile it from Vega-Lite with config.mark.color = { expr: 'miq_series_1' }.
// Written out by hand here so that this file never loads the Vega-Lite compiler.
const VEGA_SPEC = {
  $schema: 'https://vega.github.io/schema/vega/v6.json',
  height: 200,
  data: [{ name: 'rows' }],
  scales: [
    { name: 'x', type: 'band', domain: { data: 'rows', field: 'platform\\.code' }, range: 'width', padding: 0.1 },
    {
      name: 'y',
      type: 'linear',
      domain: { data: 'rows', field: 'ads\\.spend' },
      range: 'height',
      nice: true,
      zero: true,
    },
  ],
  axes: [
    { orient: 'bottom', scale: 'x' },
    { orient: 'left', scale: 'y' },
  ],
  marks: [
    {
      type: 'rect',
      from: { data: 'rows' },
      encode: {
        update: {
          x: { scale: 'x', field: 'platform\\.code' },
          width: { scale: 'x', band: 1 },
          y: { scale: 'y', field: 'ads\\.spend' },
          y2: { scale: 'y', value: 0 },
          fill: { signal: 'miq_series_1' },
        },
      },
    },
  ],
};

describe('<miq-chart> with a precompiled Vega spec (fake API)', () => {
  it('draws without loading the Vega-Lite compiler and follows the tokens', async () => {
    const api = fakeApi();
    const client = createClient({ baseUrl: 'https://api.test', token: 't', fetch: api.fetch });
    const query = {
      measures: ['ads.spend'],
      dimensions: ['platform.code'],
      timeDimension: { dimension: 'date.day', dateRange: ['2026-11-20', '2026-11-22'] },
    };
    const el = await fixture<MiqChart>(
      html`<miq-chart .client=${client} heading="Spend" theme="light" .query=${query} .spec=${VEGA_SPEC}></miq-chart>`,
    );
    await el.settled();
    await until(() => !!el.view, 15000, 'chart drawn');
    expect(markFills(el.view!).map((f) => f.toLowerCase())).to.deep.equal(['#0072b2', '#0072b2']);
    el.style.setProperty('--miq-color-series-1', 'rgb(0, 128, 0)');
    await until(() => markFills(el.view!).every((f) => f.replace(/\s/g, '') === 'rgb(0,128,0)'), 5000, 'recoloured');
    const loaded = performance.getEntriesByType('resource').map((r) => r.name);
    expect(loaded.some((n) => n.includes('/charts/runtime.ts'))).to.equal(true);
    expect(loaded.some((n) => n.includes('/charts/compile.ts'))).to.equal(false);
  });
});
