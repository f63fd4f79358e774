/** Start-up refuses a missing, malformed or unsupported catalog with a message naming each problem. */
import { describe, expect, it } from 'vitest';
import { fixtureManifest } from '../testing/fixture-catalog.js';
import { loadCatalog } from './load-catalog.js';

type Json = Record<string, unknown> & {
  semantic_models: Record<string, unknown>[];
  metrics: Record<string, unknown>[];
};
const manifest = (): Json => structuredClone(fixtureManifest()) as Json;
const model = (m: Json, name: string) =>
  m.semantic_models.find((s) => s.name === name) as Record<string, unknown> & {
    measures: Record<string, unknown>[];
    dimensions: Record<string, unknown>[];
  };

describe('loadCatalog', () => {
  it('loads the repository catalog with members for all 22 facts (+ Meta reach) and the ratios a marketer expects', () => {
    const c = loadCatalog(manifest());
    expect([...c.facts.keys()].sort()).toEqual([
      'ad_group_changes',
      'ad_groups',
      'ad_performance',
      'ad_reactions',
      'ad_sets',
      'ads',
      'audiences',
      'bidding_changes',
      'budget_changes',
      'campaign_changes',
      'campaign_hourly',
      'demographics',
      'ecommerce',
      'email_campaigns',
      'email_flows',
      'ga4',
      'ga4_conversions',
      'keywords',
      'list_growth',
      'meta_reach',
      'search_terms',
      'segment_growth',
      'video_performance',
    ]);
    for (const name of [
      'ad_performance.frequency',
      'meta_reach.frequency',
      'ad_sets.cpm',
      'keywords.cpa',
      'search_terms.conversion_rate',
      'audiences.roas',
      'campaign_hourly.ctr',
      'demographics.cpa',
      'video_performance.cost_per_completed_view',
      'video_performance.completion_rate',
      'video_performance.p25_rate',
      'lists.net_growth',
      'segments.net_growth',
      'ecommerce.revenue_per_item',
      'email_campaigns.revenue_per_recipient',
      'email_campaigns.bounce_rate',
      'ga4.engagement_rate',
      'budget_changes.daily_budget',
      'hour_of_day.number',
      'weekday.number',
      'ad_group.name',
      'keyword.text',
      'ads.spend',
      'ads.roas',
      'ads.cpm',
      'ga4.users',
      'email_flows.open_rate',
      'campaign.name',
      'date.week',
    ]) {
      expect(c.members.has(name)).toBe(true);
    }
    expect(c.members.get('meta_reach.reach')).toMatchObject({ aggregation: 'non_additive' });
    expect(c.version).toMatch(/^[0-9a-f]{16}$/);
    expect(loadCatalog(manifest()).version).toBe(c.version);
  });

  it('refuses a missing or malformed manifest', () => {
    expect(() => loadCatalog(undefined)).toThrow(/missing/);
    expect(() => loadCatalog({ semantic_models: 'x' })).toThrow(/malformed/);
  });

  it('lists every unsupported feature at once', () => {
    const m = manifest();
    const ads = model(m, 'ads');
    (ads.measures.find((x) => x.name === 'ads_video_views') as Record<string, unknown>).agg = 'median';
    (model(m, 'campaign').dimensions[0] as Record<string, unknown>).expr = "date_day + interval '1 day'";
    m.metrics.push({
      name: 'x_cumulative',
      label: 'X',
      type: 'cumulative',
      type_params: { measure: { name: 'ads_clicks' } },
    });
    const ctr = m.metrics.find((x) => x.name === 'ads_ctr') as { type_params: { denominator: { name: string } } };
    ctr.type_params.denominator.name = 'no_such_metric';
    let message = '';
    try {
      loadCatalog(m);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/agg "median" is not supported/);
    expect(message).toMatch(/expr "date_day \+ interval '1 day'" is not supported/);
    expect(message).toMatch(/metric "x_cumulative": type "cumulative" is not supported/);
    expect(message).toMatch(/unknown metric "no_such_metric"/);
  });

  it('refuses a non-additive measure without its grain, and a grain naming an unknown member', () => {
    const m = manifest();
    const reach = model(m, 'meta_reach').measures.find((x) => x.name === 'meta_reach_reach') as {
      config: { meta: Record<string, unknown> };
    };
    reach.config.meta.grain = ['date.day', 'campaign.nope'];
    expect(() => loadCatalog(m)).toThrow(/unknown member "campaign.nope"/);
    delete reach.config.meta.grain;
    expect(() => loadCatalog(m)).toThrow(/needs meta.grain/);
  });

  it('reads in-effect measures (budget per day) and refuses a malformed one or one without a time spine', () => {
    const c = loadCatalog(manifest());
    expect(c.measures.get('budget_changes_budget_in_effect')?.inEffect).toEqual({
      from: 'valid_from_date',
      to: 'valid_to_date',
    });
    expect(c.timeSpine).toEqual({ schema: 'semantic', name: 'time_spine_daily' });

    const m = manifest();
    const budget = model(m, 'budget_changes').measures.find((x) => x.name === 'budget_changes_budget_in_effect') as {
      config: { meta: Record<string, unknown> };
      non_additive_dimension?: unknown;
    };
    budget.config.meta.in_effect = { from: 'valid_from_date; drop', to: 'valid_to_date' };
    delete budget.non_additive_dimension;
    let message = '';
    try {
      loadCatalog(m);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/meta.in_effect must be \{ from: <date column>, to: <date column> \}/);
    expect(message).toMatch(/meta.in_effect needs non_additive_dimension/);

    const noSpine = manifest();
    delete noSpine.project_configuration;
    expect(() => loadCatalog(noSpine)).toThrow(/need a daily time spine/);
  });
});
