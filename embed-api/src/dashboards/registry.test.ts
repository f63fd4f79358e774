/**
 * The 18 documents validate against the repository's catalog; a bad document fails naming dashboard, panel and field.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../semantic/index.js';
import { DOCUMENTS } from './documents/index.js';
import { createDashboardRegistry, DashboardDocumentError } from './registry.js';

// biome-ignore lint/suspicious/noExplicitAny: documents are broken on purpose
type Json = any;

const dir = path.resolve(import.meta.dirname, '../../..', process.env.MIQ_WAREHOUSE_DIR ?? 'data/test');
const catalog = loadCatalog(JSON.parse(readFileSync(path.join(dir, 'semantic_manifest.json'), 'utf8')));
// ids and titles of DASHBOARDS.md, written out independently of the documents
const EXPECTED: Record<string, string> = {
  overview: 'Cross-channel overview',
  'google-ads': 'Google Ads',
  'meta-ads': 'Meta Ads',
  ga4: 'Website (GA4)',
  klaviyo: 'Email & SMS (Klaviyo)',
  ecommerce: 'Products',
  'budget-pacing': 'Budget Pacing Agent',
  'bid-strategy': 'Bidding Agent',
  'search-terms': 'Keyword & Search Term Agent',
  creative: 'Creative Performance Agent',
  video: 'Video Engagement Agent',
  audiences: 'Audience & Demographics Agent',
  dayparting: 'Dayparting Agent',
  'channel-mix': 'Channel Mix Agent',
  'email-campaigns': 'Email Campaign Agent',
  'lifecycle-flows': 'Lifecycle Flow Agent',
  'list-growth': 'List & Segment Growth Agent',
  anomalies: 'Anomaly Watch Agent',
};

describe('dashboard registry', () => {
  it('validates the 18 documents of DASHBOARDS.md against the catalog', () => {
    const r = createDashboardRegistry(catalog);
    expect(Object.fromEntries(r.documents.map((d) => [d.id, d.title]))).toEqual(EXPECTED);
    for (const d of r.documents) {
      expect(d.filters[0], d.id).toBe('dateRange');
      if (d.kind === 'agent')
        expect(
          d.panels.some((p) => p.type === 'findings'),
          d.id,
        ).toBe(true);
    }
  });

  it('fails loudly naming dashboard, panel and field for every problem', () => {
    const bad = structuredClone(DOCUMENTS.find((d) => d.id === 'google-ads')!) as Json;
    bad.panels[1].query.measures = ['ads.spendd'];
    const pie = structuredClone(DOCUMENTS.find((d) => d.id === 'meta-ads')!) as Json;
    pie.panels[2].type = 'pie';
    const other = structuredClone(DOCUMENTS.find((d) => d.id === 'ga4')!) as Json;
    other.filters.push('galaxy');
    let error: unknown;
    try {
      createDashboardRegistry(catalog, [bad, pie, other]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DashboardDocumentError);
    const problems = (error as DashboardDocumentError).problems;
    expect(problems).toContain(
      'dashboard "google-ads" panel "impressions" query.measures[0]: unknown member "ads.spendd"',
    );
    expect(problems.some((p) => p.startsWith('dashboard "meta-ads" panel "clicks" type:'))).toBe(true);
    expect(problems).toContain('dashboard "ga4" filters.4: unknown filter "galaxy"');
  });

  it('a filter whose member the catalog lacks is refused', () => {
    const partial = { ...catalog, members: new Map([...catalog.members].filter(([m]) => m !== 'device.code')) };
    const doc = DOCUMENTS.find((d) => d.id === 'meta-ads')!;
    expect(() => createDashboardRegistry(partial, [doc])).toThrow(
      `dashboard "meta-ads" filters[${doc.filters.indexOf('device')}]: filter "device" needs member "device.code", which the catalog does not have`,
    );
  });
  it("a chart encoding a field the panel's rows do not carry is refused (weekly rows carry date.week)", () => {
    const doc = structuredClone(DOCUMENTS.find((d) => d.id === 'overview')!) as Json;
    const panel = doc.panels.find((p: Json) => p.id === 'spend-by-platform');
    expect(panel.query.timeDimension.granularity).toBe('week');
    panel.spec.encoding.x.field = 'date.day';
    expect(() => createDashboardRegistry(catalog, [doc])).toThrow(
      'dashboard "overview" panel "spend-by-platform" spec.encoding.x.field: field "date.day" is not a column of the panel\'s rows',
    );
    // a transform's output is a column too
    panel.spec.encoding.x.field = 'date.week';
    panel.spec.transform = [{ calculate: '1', as: 'one' }];
    panel.spec.encoding.size = { field: 'one', type: 'quantitative' };
    expect(() => createDashboardRegistry(catalog, [doc])).not.toThrow();
  });

  it('members named inside cumulative and top are checked, and must be measures/dimensions of the query', () => {
    const doc = structuredClone(DOCUMENTS.find((d) => d.id === 'list-growth')!) as Json;
    const size = doc.panels.find((p: Json) => p.id === 'list-size');
    expect(size.query.cumulative).toEqual({ measures: ['lists.net_growth'] });
    expect(() => createDashboardRegistry(catalog, [doc])).not.toThrow();
    size.query.cumulative = { measures: ['lists.net_growthh', 'lists.adds'] };
    const creative = structuredClone(DOCUMENTS.find((d) => d.id === 'creative')!) as Json;
    const top = creative.panels.find((p: Json) => p.id === 'top-ads-ctr-trend');
    expect(top.query.top).toEqual({ n: 5, by: 'ad_performance.spend' });
    top.query.top = { n: 5, by: 'ad_performance.clicks', per: ['ad.nam', 'ad.name', 'date.week'] };
    let error: unknown;
    try {
      createDashboardRegistry(catalog, [doc, creative]);
    } catch (e) {
      error = e;
    }
    const problems = (error as DashboardDocumentError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'dashboard "list-growth" panel "list-size" query.cumulative.measures[0]: unknown member "lists.net_growthh"',
        'dashboard "list-growth" panel "list-size" query.cumulative.measures[1]: "lists.adds" must be one of the query\'s measures',
        'dashboard "creative" panel "top-ads-ctr-trend" query.top.per[0]: unknown member "ad.nam"',
        'dashboard "creative" panel "top-ads-ctr-trend" query.top.by: "ad_performance.clicks" must be one of the query\'s measures',
        'dashboard "creative" panel "top-ads-ctr-trend" query.top: needs a dimension outside top.per to rank',
      ]),
    );
    // the time key is a valid `per` entry, not an unknown member
    expect(problems.some((p) => p.includes('"date.week"'))).toBe(false);
  });

  it('cumulative and top are validated by the wire schemas of POST /metrics', () => {
    const doc = structuredClone(DOCUMENTS.find((d) => d.id === 'creative')!) as Json;
    doc.panels.find((p: Json) => p.id === 'top-ads-ctr-trend').query.top = { n: 0, by: 'ad_performance.spend', k: 1 };
    expect(() => createDashboardRegistry(catalog, [doc])).toThrow(/panel "top-ads-ctr-trend" query\.top/);
  });
});
