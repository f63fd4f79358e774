/**
 * The coverage map of issue 5, acceptance 1: every panel DASHBOARDS.md lists (its wording, per dashboard) → the
 * document panels (`dashboard/panel`) whose queries `dashboard-panels-2.duckdb.test.ts` runs against the raw-SQL
 * reference. `gap` says why a listed panel has no plain query yet (agent output, or a query feature the semantic layer
 * lacks). `panel-coverage.test.ts` walks this map and the documents.
 */
export interface MdPanel {
  readonly panel: string;
  readonly covered: readonly string[];
  /**
   * Agent-output panels (findings, alerts, projections, before/after windows): the test that runs the agent or the
   * endpoint on the test warehouse against plain SQL over the raw tables — `file` under `embed-api/src/`, `test` a
   * string of its test names that `panel-coverage.test.ts` finds in the file.
   */
  readonly checkedBy?: { readonly file: string; readonly test: string };
  readonly gap?: string;
}

/**
 * Document panels whose measures the shared raw reference (`testing/raw-reference/`) does not compute — the
 * non-additive ones, shown at their valid grain — and the test (under `embed-api/src/`) that checks each against raw
 * SQL instead; `dashboard-panels-2.duckdb.test.ts` leaves them out.
 */
export const CHECKED_ELSEWHERE: Readonly<Record<string, string>> = {
  'meta-ads/reach-frequency': 'semantic/non-additive-panels.duckdb.test.ts',
  'ga4/users-daily': 'semantic/non-additive-panels.duckdb.test.ts',
};

const kpis = (dashboard: string, ids: readonly string[]): MdPanel[] =>
  ids.map((id) => ({ panel: `KPI ${id}`, covered: [`${dashboard}/${id}`] }));

export const DASHBOARDS_MD: Readonly<Record<string, readonly MdPanel[]>> = {
  overview: [
    ...kpis('overview', ['spend', 'conversions', 'conversion-value', 'roas', 'cpa', 'sessions']),
    { panel: 'KPI email revenue', covered: ['overview/email-campaign-revenue', 'overview/email-flow-revenue'] },
    {
      panel: 'spend and conversion value by platform over time',
      covered: ['overview/spend-by-platform', 'overview/value-by-platform'],
    },
    { panel: 'platform mix', covered: ['overview/platform-mix'] },
    { panel: 'top 10 campaigns by spend', covered: ['overview/top-campaigns'] },
  ],
  'google-ads': [
    ...kpis('google-ads', ['spend', 'impressions', 'clicks', 'ctr', 'cpc', 'conversions', 'conversion-value', 'roas']),
    { panel: 'daily spend vs conversions', covered: ['google-ads/spend-vs-conversions'] },
    { panel: 'campaigns', covered: ['google-ads/campaigns'] },
    { panel: 'device split', covered: ['google-ads/devices'] },
    { panel: 'hour-of-day x weekday clicks', covered: ['google-ads/hour-weekday-clicks'] },
    { panel: 'top keywords', covered: ['google-ads/keywords'] },
  ],
  'meta-ads': [
    ...kpis('meta-ads', ['spend', 'impressions', 'ctr', 'cpm', 'conversions', 'roas']),
    // reach is non-additive: shown per day × campaign (Meta’s own campaign-day reach, its valid grain), never as a
    // period total
    { panel: 'KPI reach', covered: ['meta-ads/reach-frequency'] },
    { panel: 'KPI frequency', covered: ['meta-ads/reach-frequency'] },
    { panel: 'daily spend and results', covered: ['meta-ads/spend-and-results'] },
    { panel: 'ad sets', covered: ['meta-ads/ad-sets'] },
    { panel: 'age x gender', covered: ['meta-ads/age-gender'] },
    { panel: 'top ads', covered: ['meta-ads/top-ads'] },
  ],
  ga4: [
    ...kpis('ga4', ['sessions', 'new-users', 'engagement-rate', 'conversions', 'revenue']),
    // ga4.users is non-additive: shown per day × source/medium × country × device (GA4's rows), never summed
    { panel: 'KPI users', covered: ['ga4/users-daily'] },
    { panel: 'sessions by default channel over time', covered: ['ga4/sessions-by-channel'] },
    { panel: 'source/medium', covered: ['ga4/source-medium'] },
    { panel: 'country', covered: ['ga4/countries'] },
    { panel: 'conversions by event', covered: ['ga4/conversions-by-event'] },
  ],
  klaviyo: [
    ...kpis('klaviyo', [
      'recipients',
      'open-rate',
      'click-rate',
      'conversions',
      'revenue',
      'revenue-per-recipient',
      'unsubscribe-rate',
    ]),
    { panel: 'campaign vs flow revenue over time', covered: ['klaviyo/campaign-vs-flow-revenue'] },
    { panel: 'campaigns', covered: ['klaviyo/campaigns'] },
    { panel: 'flows', covered: ['klaviyo/flows'] },
  ],
  ecommerce: [
    ...kpis('ecommerce', ['item-revenue', 'items-purchased', 'purchases', 'average-order-value']),
    { panel: 'top items by revenue', covered: ['ecommerce/top-items'] },
    { panel: 'revenue by category over time', covered: ['ecommerce/item-revenue-by-category'] },
    { panel: 'items', covered: ['ecommerce/items'] },
  ],
  'budget-pacing': [
    {
      panel: 'month-to-date spend vs budget per campaign',
      covered: ['budget-pacing/mtd-spend-vs-budget', 'budget-pacing/spend-by-campaign'],
    },
    {
      panel: 'projected month-end spend',
      covered: [],
      checkedBy: { file: 'agents/agent-panels.duckdb.test.ts', test: 'budget-pacing: projected month-end spend' },
    },
    { panel: 'budget change timeline', covered: ['budget-pacing/budget-changes'] },
  ],
  'bid-strategy': [
    {
      panel: 'CPC/CPA/ROAS before vs after each bidding change',
      covered: ['bid-strategy/cpc-cpa', 'bid-strategy/bidding-changes'],
      // the before/after windows are agent output (two plain queries per change, README "Agent query features")
      checkedBy: {
        file: 'agents/agent-panels.duckdb.test.ts',
        test: 'bid-strategy: CPC/CPA/ROAS before vs after each bidding change',
      },
    },
    { panel: 'strategies in use', covered: ['bid-strategy/strategies'] },
  ],
  'search-terms': [
    { panel: 'search terms with spend and zero conversions', covered: ['search-terms/search-term-spend'] },
    { panel: 'keyword CPA distribution', covered: ['search-terms/keyword-cpa'] },
    { panel: 'match type mix', covered: ['search-terms/match-types'] },
  ],
  creative: [
    { panel: 'CTR and CVR by ad', covered: ['creative/ad-ctr-vs-cvr'] },
    { panel: 'CTR trend of top ads', covered: ['creative/top-ads-ctr-trend'] },
    { panel: 'reactions by type', covered: ['creative/reactions'] },
  ],
  video: [
    { panel: 'retention funnel', covered: ['video/videos'] },
    { panel: 'cost per completed view', covered: ['video/cost-per-completed-view'] },
    { panel: 'videos', covered: ['video/videos'] },
  ],
  audiences: [
    { panel: 'ROAS by audience', covered: ['audiences/roas-by-audience'] },
    { panel: 'age x gender CPA', covered: ['audiences/age-gender-cpa'] },
    { panel: 'geography', covered: ['audiences/geography'] },
  ],
  dayparting: [
    { panel: 'hour x weekday conversion rate', covered: ['dayparting/hour-weekday-cvr'] },
    { panel: 'spend by hour', covered: ['dayparting/spend-by-hour'] },
    { panel: 'CPA by hour', covered: ['dayparting/cpa-by-hour'] },
  ],
  'channel-mix': [
    { panel: 'platform-reported vs GA4 conversions by channel', covered: ['channel-mix/claimed-vs-ga4'] },
    { panel: 'spend share vs conversion share', covered: ['channel-mix/spend-vs-conversions'] },
  ],
  'email-campaigns': [
    { panel: 'campaigns (open, click, revenue per recipient)', covered: ['email-campaigns/campaigns'] },
    {
      panel: 'performance by send hour/weekday',
      covered: [
        'email-campaigns/send-hours',
        'email-campaigns/send-weekdays',
        'email-campaigns/send-hour-weekday-open-rate',
        'email-campaigns/rates-by-week',
      ],
    },
    { panel: 'subject/template comparison', covered: ['email-campaigns/subjects', 'email-campaigns/templates'] },
  ],
  'lifecycle-flows': [
    { panel: 'flows', covered: ['lifecycle-flows/flows'] },
    { panel: 'revenue per recipient by flow over time', covered: ['lifecycle-flows/rpr-by-flow'] },
    { panel: 'per-step drop-off', covered: ['lifecycle-flows/steps', 'lifecycle-flows/step-drop-off'] },
  ],
  'list-growth': [
    { panel: 'list size over time', covered: ['list-growth/list-size'] },
    { panel: 'net adds and removals', covered: ['list-growth/lists', 'list-growth/list-net-growth'] },
    { panel: 'segment sizes', covered: ['list-growth/segment-sizes', 'list-growth/segments'] },
  ],
  anomalies: [
    {
      panel: 'KPI trends',
      covered: [
        'anomalies/spend',
        'anomalies/clicks',
        'anomalies/conversions',
        'anomalies/cpa-roas',
        'anomalies/sessions',
        'anomalies/email-revenue',
      ],
    },
    {
      panel: 'alerts',
      covered: [],
      checkedBy: { file: 'agents/agent-panels.duckdb.test.ts', test: 'anomalies: alerts' },
    },
    {
      panel: 'configuration changes annotated on the trend',
      covered: ['anomalies/campaign-changes', 'anomalies/ad-group-changes'],
      // the annotation itself is agent output (the changes listed on each alert)
      checkedBy: {
        file: 'agents/agent-panels.duckdb.test.ts',
        test: 'anomalies: configuration changes annotated on the trend',
      },
    },
  ],
};
