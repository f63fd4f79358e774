/**
 * The agent-output panels of DASHBOARDS.md, checked with numbers: the agents run on the test warehouse
 * (`MIQ_WAREHOUSE_DIR`, tenant rare-seeds, "yesterday" = its last day with data) and every number the panel shows is
 * recomputed here in plain SQL over the tenant's raw Fivetran tables (`raw.duckdb`), by the rule the agent documents
 * (src/agents/README.md) — never from the marts or the semantic layer:
 * - budget-pacing "projected month-end spend": month-to-date spend, the budgets in effect on each day, the projection;
 * - bid-strategy "CPC/CPA/ROAS before vs after each bidding change": the 14-day windows around each change;
 * - anomalies "alerts": each alert's value is the raw daily total of its KPI that day, its expected value the weekday
 *   baseline of the raw totals;
 * - anomalies "configuration changes annotated on the trend": each alert's changes are the raw settings, budget and
 *   bidding history rows of the 3 days before it.
 * `testing/dashboards-md-panels.ts` names these tests (`checkedBy`); `panel-coverage.test.ts` checks they exist.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../semantic/index.js';
import { expectClose } from '../semantic/testing/expect-close.js';
import { RAW_CAMPAIGN_NAMES } from '../semantic/testing/raw-reference/names.js';
import { openRawWorld, RAW_SCOPE, type RawWorld, rawWorldDir } from '../semantic/testing/raw-world.js';
import type { MetricsRequest } from '../wire/index.js';
import { type Alerter, createAlerter, semanticChangeSource } from './alerts/alerts.js';
import { createRecommender } from './recommend/recommend.js';
import { addDays, median } from './recommend/types.js';
import type { AlertsResponse } from './schemas.js';
import { nowWhereYesterdayIs } from './testing/seed-warehouses.js';

let world: RawWorld;
let recommender: ReturnType<typeof createRecommender>;
let alerter: Alerter;
let now: Date;
let end: string;

beforeAll(async () => {
  world = await openRawWorld();
  const catalog = loadCatalog(JSON.parse(readFileSync(join(rawWorldDir(), 'semantic_manifest.json'), 'utf8')));
  const query = (b: unknown, s: typeof RAW_SCOPE, o?: { now?: Date; signal?: AbortSignal }) =>
    world.layer.query(b as MetricsRequest, s, o);
  alerter = createAlerter({ query, changes: semanticChangeSource(query) });
  recommender = createRecommender({ catalog, query, alerter });
  // "yesterday" = the last day with data; on the 1st or 2nd of a month the pacing agent does not project yet
  // (fewer than 3 days elapsed), so the clock is set to the end of the previous month then
  end = Number(world.lastDay.slice(8, 10)) >= 3 ? world.lastDay : addDays(`${world.lastDay.slice(0, 8)}01`, -1);
  now = nowWhereYesterdayIs(end, RAW_SCOPE.timeZone);
});
afterAll(async () => {
  await world?.close();
});

const close = (got: unknown, want: number, what: string, tolerance = 1e-9) =>
  expectClose(got, want, what, { abs: tolerance, rel: tolerance });

/** Ads per day and campaign from the raw reports (rare-seeds: every account in USD). */
const RAW_ADS = `
  select "date" as d, 'google_ads' as platform, cast(id as varchar) as campaign_id, cost_micros / 1e6 as spend,
    clicks, conversions, conversions_value as value
  from raw.google_ads.campaign_stats
  union all
  select r."date", 'meta', cast(r.campaign_id as varchar), r.spend, r.inline_link_clicks,
    coalesce(a.n, 0), coalesce(v.v, 0)
  from raw.facebook_ads.ad_device_report r
  left join (select "date", ad_id, device_platform, sum(value) as n from raw.facebook_ads.ad_device_report_actions
             where action_type = 'offsite_conversion.fb_pixel_purchase' group by all) a
    on a."date" = r."date" and a.ad_id = r.ad_id and a.device_platform = r.device_platform
  left join (select "date", ad_id, device_platform, sum(value) as v from raw.facebook_ads.ad_device_report_action_values
             where action_type = 'offsite_conversion.fb_pixel_purchase' group by all) v
    on v."date" = r."date" and v.ad_id = r.ad_id and v.device_platform = r.device_platform`;

/** Meta keeps budget and bid strategy on the campaign: a version is a change of `column` when it differs. */
const metaChanges = (column: string) => `
  select cast(updated_time as date) as d, cast(id as varchar) as campaign_id, ${column} as value from (
    select *, lag(${column}) over (partition by id order by updated_time, _fivetran_synced) as before,
      row_number() over (partition by id order by updated_time, _fivetran_synced) as n
    from raw.facebook_ads.campaign_history)
  where n = 1 or ${column} is distinct from before
  qualify row_number() over (partition by id, cast(updated_time as date) order by updated_time desc,
    _fivetran_synced desc) = 1`;

/** Daily budget per campaign and change day (the day's last version). */
const BUDGET_CHANGES = `
  select cast(updated_at as date) as d, 'google_ads' as platform, cast(campaign_id as varchar) as campaign_id,
    amount_micros / 1e6 as budget
  from raw.google_ads.campaign_budget_history where campaign_id is not null
  qualify row_number() over (partition by campaign_id, cast(updated_at as date) order by updated_at desc) = 1
  union all
  select d, 'meta', campaign_id, value / 100.0 from (${metaChanges('daily_budget')})`;

describe('agent-output panels against the raw tables', () => {
  it('budget-pacing: projected month-end spend', async () => {
    const res = await recommender.recommend('budget-pacing', RAW_SCOPE, now);
    const monthStart = `${end.slice(0, 8)}01`;
    const [y, m] = end.split('-').map(Number) as [number, number];
    const left = new Date(Date.UTC(y, m, 0)).getUTCDate() - Number(end.slice(8, 10));
    // README: the month's budget = the budgets in effect on each day so far + the current one for the days left; the
    // campaign keeps spending its month-to-date share of the budget: projected = spend + left × current × spend / mtd
    const want = await world.rows(`
      with changes as (${BUDGET_CHANGES}),
      days as (select cast(unnest(generate_series(date '${monthStart}', date '${end}', interval 1 day)) as date) as day),
      in_effect as (
        select c.platform, c.campaign_id, days.day,
          arg_max(c.budget, c.d) as budget
        from days join changes c on c.d <= days.day group by all
      ),
      budget as (
        select platform, campaign_id, sum(budget) as mtd_budget,
          max(budget) filter (where day = date '${end}') as current_budget
        from in_effect group by all
      ),
      spend as (
        select platform, campaign_id, sum(spend) as spend from (${RAW_ADS})
        where d between date '${monthStart}' and date '${end}' group by all
      )
      select s.campaign_id, s.spend, b.mtd_budget, b.current_budget,
        s.spend + ${left} * b.current_budget * s.spend / b.mtd_budget as projected,
        b.mtd_budget + ${left} * b.current_budget as monthly
      from spend s join budget b using (platform, campaign_id)
      where b.current_budget > 0 and b.mtd_budget > 0`);
    expect(want.length).toBeGreaterThan(5);
    const ratio = (w: Record<string, unknown>) => Number(w.projected) / Number(w.monthly);
    const over = want.filter((w) => ratio(w) > 1.1).map((w) => String(w.campaign_id));
    const under = want
      .filter((w) => ratio(w) < 0.8)
      .sort((a, b) => Number(b.monthly) - Number(b.projected) - (Number(a.monthly) - Number(a.projected)))
      .slice(0, 3)
      .map((w) => String(w.campaign_id));
    const shown = res.findings.filter((f) => f.rule === 'projected_overspend' || f.rule === 'projected_underspend');
    expect(over.length + under.length).toBeGreaterThan(0);
    for (const [rule, ids] of [
      ['projected_overspend', over],
      ['projected_underspend', under],
    ] as const) {
      expect(
        shown
          .filter((f) => f.rule === rule)
          .map((f) => f.entity.value)
          .sort(),
        rule,
      ).toEqual([...ids].sort());
    }
    const byId = new Map(want.map((w) => [String(w.campaign_id), w]));
    for (const f of shown) {
      const w = byId.get(f.entity.value);
      const n = f.evidence.numbers;
      close(n.month_to_date_spend, Number(w?.spend), `${f.entity.label} month-to-date spend`);
      close(n.month_to_date_budget, Number(w?.mtd_budget), `${f.entity.label} month-to-date budget`);
      close(n.projected, Number(w?.projected), `${f.entity.label} projected`);
      close(n.monthly_budget, Number(w?.monthly), `${f.entity.label} monthly budget`);
      close(n.ratio, Math.round((Number(w?.projected) / Number(w?.monthly)) * 1e4) / 1e4, `${f.entity.label} ratio`);
    }
  });

  it('bid-strategy: CPC/CPA/ROAS before vs after each bidding change', async () => {
    const res = await recommender.recommend('bid-strategy', RAW_SCOPE, now);
    // every campaign bidding change 7–60 days ago; CPA up > 20 % over the 14 days after vs the 14 before (≥ 5
    // conversions before) is the agent's documented rule
    const want = await world.rows(`
      with changes as (
        select distinct cast(updated_at as date) as d, cast(campaign_id as varchar) as campaign_id
        from raw.google_ads.campaign_bidding_strategy_history where campaign_id is not null
        union
        select d, campaign_id from (${metaChanges('bid_strategy')})
      ), ads as (${RAW_ADS}),
      windows as (
        select c.d, c.campaign_id,
          sum(a.spend) filter (where a.d between c.d - 14 and c.d - 1) as spend_b,
          sum(a.clicks) filter (where a.d between c.d - 14 and c.d - 1) as clicks_b,
          sum(a.conversions) filter (where a.d between c.d - 14 and c.d - 1) as conv_b,
          sum(a.value) filter (where a.d between c.d - 14 and c.d - 1) as value_b,
          sum(a.spend) filter (where a.d between c.d and least(c.d + 13, date '${end}')) as spend_a,
          sum(a.clicks) filter (where a.d between c.d and least(c.d + 13, date '${end}')) as clicks_a,
          sum(a.conversions) filter (where a.d between c.d and least(c.d + 13, date '${end}')) as conv_a,
          sum(a.value) filter (where a.d between c.d and least(c.d + 13, date '${end}')) as value_a
        from changes c join ads a on a.campaign_id = c.campaign_id
        where c.d between date '${end}' - 60 and date '${end}' - 7
        group by all
      )
      select cast(d as varchar) as day, campaign_id,
        spend_b / nullif(conv_b, 0) as cpa_b, spend_a / nullif(conv_a, 0) as cpa_a, conv_b, conv_a,
        spend_b / nullif(clicks_b, 0) as cpc_b, spend_a / nullif(clicks_a, 0) as cpc_a,
        value_b / nullif(spend_b, 0) as roas_b, value_a / nullif(spend_a, 0) as roas_a
      from windows`);
    expect(want.length).toBeGreaterThan(0);
    const flagged = want.filter(
      (w) => Number(w.conv_b) >= 5 && Number(w.cpa_b) > 0 && Number(w.cpa_a ?? 0) > 1.2 * Number(w.cpa_b),
    );
    const id = (w: Record<string, unknown>) => `bid-strategy:cpa_up_after_bidding_change:${w.campaign_id}:${w.day}`;
    expect(flagged.length).toBeGreaterThan(0);
    expect(res.findings.map((f) => f.id).sort()).toEqual(flagged.map(id).sort());
    const byId = new Map(flagged.map((w) => [id(w), w]));
    for (const f of res.findings) {
      const w = byId.get(f.id) ?? {};
      const n = f.evidence.numbers;
      for (const [shown, raw] of [
        ['cpa_before', 'cpa_b'],
        ['cpa_after', 'cpa_a'],
        ['conversions_after', 'conv_a'],
        ['cpc_before', 'cpc_b'],
        ['cpc_after', 'cpc_a'],
        ['roas_before', 'roas_b'],
        ['roas_after', 'roas_a'],
      ] as const) {
        close(n[shown], Number(w[raw]), `${f.id} ${shown}`);
      }
    }
  });

  describe('anomalies', () => {
    let alerts: AlertsResponse;
    /** KPI id → day → raw daily total (ratios: of the day's sums) */
    let series: Map<string, Map<string, number | null>>;

    beforeAll(async () => {
      alerts = await alerter.alerts(RAW_SCOPE, { now });
      const rows = await world.rows(`
        with ads as (
          select d, sum(spend) as spend, sum(spend) filter (where platform = 'google_ads') as spend_google,
            sum(spend) filter (where platform = 'meta') as spend_meta, sum(clicks) as clicks,
            sum(conversions) as conversions, sum(value) as value
          from (${RAW_ADS}) group by d
        ), ga4 as (
          select "date" as d, sum(sessions) as sessions
          from raw.google_analytics_4.traffic_source_medium_country_device group by 1
        ), email as (
          -- orders attributed to a campaign or a flow message, on the tenant's local day (America/Chicago)
          select cast(timezone('America/Chicago', timezone('UTC', e."timestamp")) as date) as d,
            sum(try_cast(e.property_value as double)) as revenue
          from raw.klaviyo.event e join raw.klaviyo.metric m on cast(m.id as varchar) = cast(e.metric_id as varchar)
          where m.name = 'Placed Order' and not coalesce(e._fivetran_deleted, false)
            and (e.campaign_id is not null or e.flow_message_id is not null)
          group by 1
        )
        select cast(coalesce(ads.d, ga4.d, email.d) as varchar) as day, ads.spend, ads.spend_google, ads.spend_meta,
          ads.clicks, ads.conversions, ads.spend / nullif(ads.conversions, 0) as cpa,
          ads.value / nullif(ads.spend, 0) as roas, ga4.sessions, email.revenue
        from ads full join ga4 on ga4.d = ads.d full join email on email.d = coalesce(ads.d, ga4.d)`);
      const columns: Record<string, string> = {
        spend: 'spend',
        'spend:google_ads': 'spend_google',
        'spend:meta': 'spend_meta',
        clicks: 'clicks',
        conversions: 'conversions',
        cpa: 'cpa',
        roas: 'roas',
        sessions: 'sessions',
        email_revenue: 'revenue',
      };
      series = new Map(
        Object.entries(columns).map(([kpi, col]) => [
          kpi,
          new Map(rows.map((r) => [String(r.day), r[col] === null ? null : Number(r[col])])),
        ]),
      );
    });

    it('anomalies: alerts', () => {
      expect(alerts.alerts.length).toBeGreaterThan(3);
      for (const a of alerts.alerts) {
        const days = series.get(a.kpi);
        expect(days, `raw series for ${a.kpi}`).toBeDefined();
        // the value shown is the raw daily total of that KPI on that day (rounded to 4 decimals by the endpoint)
        close(a.value, days?.get(a.date) ?? 0, `${a.id} value`, 1e-4);
        // expected: the median of the logs of the same weekday over the 6 weeks before, back as a value
        const prior = [1, 2, 3, 4, 5, 6]
          .map((j) => days?.get(addDays(a.date, -7 * j)) ?? null)
          .filter((v): v is number => v !== null && v > 0);
        close(a.expected, Math.exp(median(prior.map(Math.log))), `${a.id} expected`, 1e-4);
        close(a.relativeChange, a.value / a.expected - 1, `${a.id} relative change`, 1e-3);
      }
    });

    it('anomalies: configuration changes annotated on the trend', async () => {
      // per campaign (current name) and change day: campaign versions, ad group versions (counted per ad group),
      // budget and bidding changes — the raw history rows, one per entity and day (the day's last version)
      const raw = await world.rows(`
        with names as (${RAW_CAMPAIGN_NAMES}),
        x as (
          select distinct cast(updated_at as date) as d, 'google_ads' as platform, cast(id as varchar) as campaign_id,
            'campaign setting' as kind, cast(id as varchar) as entity
          from raw.google_ads.campaign_history
          union all
          select distinct cast(updated_time as date), 'meta', cast(id as varchar), 'campaign setting', cast(id as varchar)
          from raw.facebook_ads.campaign_history
          union all
          select distinct cast(updated_at as date), 'google_ads', cast(campaign_id as varchar), 'ad group setting',
            cast(id as varchar)
          from raw.google_ads.ad_group_history
          union all
          select distinct d, platform, campaign_id, 'budget', campaign_id from (${BUDGET_CHANGES})
          union all
          select distinct cast(updated_at as date), 'google_ads', cast(campaign_id as varchar), 'bidding',
            cast(campaign_id as varchar)
          from raw.google_ads.campaign_bidding_strategy_history where campaign_id is not null
          union all
          select distinct d, 'meta', campaign_id, 'bidding', campaign_id from (${metaChanges('bid_strategy')})
        )
        select cast(x.d as varchar) as day, x.kind, n.name as campaign, count(*) as changes
        from x left join names n on n.platform = x.platform and n.campaign_id = x.campaign_id
        where x.d between date '${addDays(alerts.window[0], -3)}' and date '${alerts.window[1]}'
        group by all`);
      const describe = (r: { date: string; kind: string; entity: string; detail: string }) =>
        `${r.date} ${r.kind} "${r.entity}": ${r.detail}`;
      const rawChanges = raw.map((r) => {
        const n = Number(r.changes);
        return {
          date: String(r.day),
          kind: String(r.kind),
          entity: String(r.campaign),
          detail: `${n} ${r.kind} change${n === 1 ? '' : 's'}`,
        };
      });
      // the whole feed the annotations come from (every change of the evaluated window) …
      const feed = await semanticChangeSource((b, sc, o) => world.layer.query(b as MetricsRequest, sc, o))(
        RAW_SCOPE,
        addDays(alerts.window[0], -3),
        alerts.window[1],
      );
      expect(feed.length).toBeGreaterThan(5);
      expect(feed.map(describe).sort()).toEqual(rawChanges.map(describe).sort());
      // … and on each alert (the default sensitivity, and a low one for more annotated alerts)
      const sensitive = await alerter.alerts(RAW_SCOPE, { now, sensitivity: 2 });
      expect(sensitive.alerts.length).toBeGreaterThan(alerts.alerts.length);
      let annotated = 0;
      for (const a of [...alerts.alerts, ...sensitive.alerts]) {
        const want = rawChanges
          .filter((c) => c.date >= addDays(a.date, -3) && c.date < a.date)
          .map(describe)
          .sort();
        expect(a.changes.map(describe).sort(), `${a.id}: changes of the 3 days before`).toEqual(want);
        if (want.length > 0) annotated += 1;
      }
      expect(annotated).toBeGreaterThan(2);
    });
  });
});
