/**
 * The 12 agents' analyzers: deterministic rules from DASHBOARDS.md applied through metrics queries (so tenant, locks
 * and allowed members apply). A rule whose members the catalog does not have yet is reported as unavailable.
 */
import type { Row } from '../../wire/index.js';
import type { Alerter } from '../alerts/alerts.js';
import type { Finding } from '../schemas.js';
import { audiences, bidStrategy, budgetPacing, dayparting, searchTerms, video } from './analyzers-part2.js';
import { creative } from './creative.js';
import { listGrowth } from './list-growth.js';
import { poissonLowerTail } from './stats.js';
import { subscriberYearlyValue } from './subscriber-value.js';
import { type Analyzer, type AnalyzerContext, addDays, finding, median, num, round2, round4 } from './types.js';

const pct = (x: number) => `${Math.round(x * 100)}%`;

const channelMix: Analyzer = {
  id: 'channel-mix',
  rules: [
    {
      id: 'platform_overclaim',
      members: ['ads.conversions', 'ga4_conversions.conversions', 'platform.code', 'ads.spend'],
    },
    {
      id: 'conversion_share_below_spend_share',
      members: ['ads.spend', 'ga4_conversions.conversions', 'platform.code'],
    },
  ],
  async analyze(ctx, ok) {
    const out: Finding[] = [];
    const range: [string, string] = [addDays(ctx.end, -29), ctx.end];
    const adsQ = {
      measures: ['ads.spend', 'ads.conversions'],
      dimensions: ['platform.code'],
      timeDimension: { dimension: 'date.day', dateRange: range },
    };
    const gaQ = {
      measures: ['ga4_conversions.conversions'],
      dimensions: ['platform.code'],
      timeDimension: { dimension: 'date.day', dateRange: range },
      filters: [{ member: 'platform.code', operator: 'set' as const }],
    };
    const [ads, ga] = await Promise.all([ctx.run(adsQ), ctx.run(gaQ)]);
    const gaBy = new Map(ga.rows.map((r) => [String(r['platform.code']), num(r, 'ga4_conversions.conversions')]));
    const totalSpend = ads.rows.reduce((s, r) => s + num(r, 'ads.spend'), 0);
    const totalGa = [...gaBy.values()].reduce((s, v) => s + v, 0);
    for (const r of ads.rows) {
      const platform = String(r['platform.code']);
      const spend = num(r, 'ads.spend');
      const conv = num(r, 'ads.conversions');
      const gaConv = gaBy.get(platform) ?? 0;
      if (ok.has('platform_overclaim') && gaConv >= 5 && conv / gaConv > 1.3) {
        const ratio = conv / gaConv;
        out.push(
          finding(
            {
              agent: 'channel-mix',
              rule: 'platform_overclaim',
              severity: ratio > 1.6 ? 'high' : 'medium',
              entity: { member: 'platform.code', value: platform, label: platform },
              title: `${platform} reports ${ratio.toFixed(2)}× the conversions GA4 attributes to it`,
              evidence: {
                numbers: { platform_conversions: conv, ga4_conversions: gaConv, ratio: round4(ratio), spend },
                query: adsQ,
              },
              action: `Judge ${platform} on GA4-attributed conversions (or a holdout test) before moving budget to it.`,
              // Spend backing conversions GA4 cannot confirm.
              impact: spend * (1 - gaConv / conv),
            },
            ctx,
          ),
        );
      }
      if (ok.has('conversion_share_below_spend_share') && totalSpend > 0 && totalGa > 0) {
        const spendShare = spend / totalSpend;
        const convShare = gaConv / totalGa;
        if (spendShare >= 0.1 && convShare < 0.5 * spendShare) {
          out.push(
            finding(
              {
                agent: 'channel-mix',
                rule: 'conversion_share_below_spend_share',
                severity: 'medium',
                entity: { member: 'platform.code', value: platform, label: platform },
                title: `${platform}: ${pct(spendShare)} of spend but ${pct(convShare)} of GA4 conversions`,
                evidence: {
                  numbers: { spend_share: round4(spendShare), conversion_share: round4(convShare), spend },
                  query: gaQ,
                },
                action: `Review ${platform}'s targeting and budget; shift spend toward channels with a higher conversion share.`,
                impact: spend * (1 - convShare / spendShare),
              },
              ctx,
            ),
          );
        }
      }
    }
    return out;
  },
};

const emailCampaigns: Analyzer = {
  id: 'email-campaigns',
  rules: [
    { id: 'low_open_rate', members: ['email_campaigns.open_rate', 'email_campaign.id', 'email_campaign.name'] },
    { id: 'low_click_rate', members: ['email_campaigns.click_rate', 'email_campaign.id', 'email_campaign.name'] },
    { id: 'unsubscribe_spike', members: ['email_campaigns.unsubscribe_rate', 'email_campaign.id'] },
  ],
  async analyze(ctx, ok) {
    const q = {
      measures: [
        'email_campaigns.recipients',
        'email_campaigns.open_rate',
        'email_campaigns.click_rate',
        'email_campaigns.unsubscribe_rate',
        'email_campaigns.unsubscribes',
        'email_campaigns.revenue',
        'email_campaigns.revenue_per_recipient',
      ],
      dimensions: ['email_campaign.id', 'email_campaign.name', 'email_campaign.channel'],
      timeDimension: { dimension: 'date.day', dateRange: [addDays(ctx.end, -89), ctx.end] as [string, string] },
      filters: [{ member: 'email_campaigns.recipients', operator: 'gte' as const, values: [100] }],
      limit: 5000,
    };
    // Sends of the last 3 days are still collecting opens and clicks: judged once their window is complete.
    const settled = await ctx.run({
      measures: ['email_campaigns.recipients'],
      dimensions: ['email_campaign.id'],
      timeDimension: { dimension: 'date.day', dateRange: [addDays(ctx.end, -89), addDays(ctx.end, -3)] },
      filters: [{ member: 'email_campaigns.recipients', operator: 'gte', values: [100] }],
      limit: 5000,
    });
    const settledIds = new Set(settled.rows.map((r) => String(r['email_campaign.id'])));
    const res = await ctx.run(q);
    // Email and SMS are judged against their own channel's medians (SMS has no opens).
    const rows = res.rows.filter(
      (r) => settledIds.has(String(r['email_campaign.id'])) && r['email_campaign.channel'] === 'email',
    );
    if (rows.length < 5) return [];
    const med = (k: string) => median(rows.map((r) => num(r, k)));
    const mOpen = med('email_campaigns.open_rate');
    const mClick = med('email_campaigns.click_rate');
    const mUnsub = med('email_campaigns.unsubscribe_rate');
    const mRpr = med('email_campaigns.revenue_per_recipient');
    const out: Finding[] = [];
    for (const r of rows) {
      const id = String(r['email_campaign.id']);
      const label = String(r['email_campaign.name']);
      const recipients = num(r, 'email_campaigns.recipients');
      const entity = { member: 'email_campaign.id', value: id, label };
      const lost = Math.max(0, mRpr * recipients - num(r, 'email_campaigns.revenue'));
      const filterQ = { ...q, filters: [{ member: 'email_campaign.id', operator: 'equals' as const, values: [id] }] };
      const open = num(r, 'email_campaigns.open_rate');
      const click = num(r, 'email_campaigns.click_rate');
      const unsub = num(r, 'email_campaigns.unsubscribe_rate');
      // Beyond chance too: the send's opens / clicks against what the median rate gives for its recipients (Poisson
      // tail below 5 % over the number of sends compared; a small send misses 70 % of the median clicks by luck).
      // Unsubscribes are too few per send for that (a 3 × spike on 450 recipients is 4 instead of 1.3): the rule
      // keeps its ratio and ≥ 2 excess unsubscribes.
      const unlikely = (p: number) => p < 0.05 / rows.length;
      const lowOpens = unlikely(poissonLowerTail(open * recipients, mOpen * recipients));
      const lowClicks = unlikely(poissonLowerTail(click * recipients, mClick * recipients));
      if (ok.has('low_open_rate') && mOpen > 0 && open < 0.7 * mOpen && lowOpens) {
        out.push(
          finding(
            {
              agent: 'email-campaigns',
              rule: 'low_open_rate',
              severity: open < 0.5 * mOpen ? 'high' : 'medium',
              entity,
              title: `"${label}" opened by ${pct(open)} vs the 90-day median ${pct(mOpen)}`,
              evidence: {
                numbers: { open_rate: round4(open), median_open_rate: round4(mOpen), recipients },
                query: filterQ,
              },
              action: 'Test the subject line and sender name; check inbox placement for this send.',
              impact: lost,
            },
            ctx,
          ),
        );
      } else if (ok.has('low_click_rate') && mClick > 0 && click < 0.7 * mClick && lowClicks) {
        out.push(
          finding(
            {
              agent: 'email-campaigns',
              rule: 'low_click_rate',
              severity: 'low',
              entity,
              title: `"${label}" clicked by ${pct(click)} vs the 90-day median ${pct(mClick)}`,
              evidence: {
                numbers: { click_rate: round4(click), median_click_rate: round4(mClick), recipients },
                query: filterQ,
              },
              action: 'Revisit the offer and call to action of this template.',
              // Revenue per recipient moves with many things besides clicks: no estimate, ranked after estimated ones.
              impact: null,
            },
            ctx,
          ),
        );
      }
      const excess = num(r, 'email_campaigns.unsubscribes') - mUnsub * recipients;
      if (ok.has('unsubscribe_spike') && mUnsub > 0 && unsub >= 2.5 * mUnsub && excess >= 2) {
        out.push(
          finding(
            {
              agent: 'email-campaigns',
              rule: 'unsubscribe_spike',
              severity: 'high',
              entity,
              title: `"${label}" lost ${pct(unsub)} of recipients to unsubscribes (${(unsub / mUnsub).toFixed(1)}× the median)`,
              evidence: {
                numbers: { unsubscribe_rate: round4(unsub), median_unsubscribe_rate: round4(mUnsub), recipients },
                query: filterQ,
              },
              action:
                'Check the audience and frequency of this send; suppress recent unsubscribers’ lookalike segments.',
              // Each lost subscriber no longer earns the median revenue per recipient on ~a year of weekly sends.
              impact: Math.max(0, excess) * mRpr * 52,
            },
            ctx,
          ),
        );
      }
    }
    return out;
  },
};

const lifecycleFlows: Analyzer = {
  id: 'lifecycle-flows',
  rules: [
    { id: 'flow_rpr_drop', members: ['email_flows.revenue_per_recipient', 'email_flow.name'] },
    { id: 'flow_bounces', members: ['email_flows.bounce_rate', 'email_flow.name'] },
  ],
  async analyze(ctx, ok) {
    const q = {
      measures: [
        'email_flows.recipients',
        'email_flows.revenue',
        'email_flows.revenue_per_recipient',
        'email_flows.bounce_rate',
        'email_flows.conversions',
      ],
      dimensions: ['email_flow.id', 'email_flow.name'],
      timeDimension: { dimension: 'date.day', dateRange: [addDays(ctx.end, -29), ctx.end] as [string, string] },
      compare: 'previous_period' as const,
    };
    const res = await ctx.run(q);
    const subscriberValue = ok.has('flow_bounces') ? await subscriberYearlyValue(ctx) : null;
    const out: Finding[] = [];
    const bounceMedian = median(res.rows.map((r) => num(r, 'email_flows.bounce_rate')));
    const totalRecipients = res.rows.reduce((a, r) => a + num(r, 'email_flows.recipients'), 0);
    const meanRpr =
      totalRecipients > 0 ? res.rows.reduce((a, r) => a + num(r, 'email_flows.revenue'), 0) / totalRecipients : 0;
    for (const r of res.rows as Row[]) {
      const id = String(r['email_flow.id']);
      const label = String(r['email_flow.name']);
      const entity = { member: 'email_flow.id', value: id, label };
      const recipients = num(r, 'email_flows.recipients');
      const rpr = num(r, 'email_flows.revenue_per_recipient');
      const prev = num(r, 'email_flows.revenue_per_recipient.previous');
      // A flow whose previous period had next to no orders cannot show a drop.
      const prevRecipients = num(r, 'email_flows.recipients.previous');
      const expectedOrders =
        prevRecipients > 0 ? (num(r, 'email_flows.conversions.previous') * recipients) / prevRecipients : 0;
      const significant = expectedOrders >= 3;
      if (ok.has('flow_rpr_drop') && prev > 0 && recipients >= 50 && rpr < 0.7 * prev && significant) {
        out.push(
          finding(
            {
              agent: 'lifecycle-flows',
              rule: 'flow_rpr_drop',
              severity: rpr < 0.5 * prev ? 'high' : 'medium',
              entity,
              title: `${label}: revenue per recipient ${ctx.money(rpr)} vs ${ctx.money(prev)} in the previous 30 days`,
              evidence: { numbers: { revenue_per_recipient: rpr, previous: prev, recipients }, query: q },
              action: `Check ${label}'s offer, timing and product links (and the checkout) for what changed.`,
              impact: (prev - rpr) * recipients,
            },
            ctx,
          ),
        );
      }
      const bounce = num(r, 'email_flows.bounce_rate');
      const excessBounces = Math.max(0, bounce - bounceMedian) * recipients;
      if (ok.has('flow_bounces') && recipients >= 50 && bounce > 0.02 && bounce > 2 * bounceMedian) {
        out.push(
          finding(
            {
              agent: 'lifecycle-flows',
              rule: 'flow_bounces',
              severity: 'medium',
              entity,
              title: `${label} bounces ${pct(bounce)} of sends (median flow ${pct(bounceMedian)})`,
              evidence: {
                numbers: {
                  bounce_rate: round4(bounce),
                  median_bounce_rate: round4(bounceMedian),
                  excess_bounces: round2(excessBounces),
                  ...(subscriberValue !== null ? { subscriber_yearly_value: round2(subscriberValue) } : {}),
                },
                query: q,
              },
              action: `Find the step of ${label} that bounces (sender domain, template links) and fix its deliverability.`,
              // Bounced addresses are suppressed: each excess bounce loses a subscriber — a year of campaign revenue
              // per subscriber (subscriber-value.ts) plus a year of flow revenue per recipient, monthly.
              impact: excessBounces * ((subscriberValue ?? 0) + meanRpr * 12),
            },
            ctx,
          ),
        );
      }
    }
    return out;
  },
};

function anomalyWatch(alerter: Alerter): Analyzer {
  return {
    id: 'anomalies',
    rules: [{ id: 'kpi_anomaly', members: ['ads.spend'] }],
    async analyze(ctx) {
      const res = await alerter.alerts(ctx.scope, { now: ctx.now, days: 30 });
      return res.alerts.map((a) =>
        finding(
          {
            id: `anomalies:${a.id}`,
            agent: 'anomalies',
            rule: 'kpi_anomaly',
            severity: a.severity,
            entity: { member: a.member, value: a.kpi, label: a.kpi },
            title: `${a.kpi} ${a.direction} ${pct(Math.abs(a.relativeChange))} on ${a.date} vs the same weekday`,
            evidence: {
              numbers: { value: a.value, expected: a.expected, relative_change: a.relativeChange, score: a.score },
              query: {
                measures: a.member.split('+'),
                timeDimension: { dimension: 'date.day', granularity: 'day', dateRange: [addDays(a.date, -42), a.date] },
              },
            },
            action:
              a.changes.length > 0
                ? `Review the ${a.changes.length} setting change(s) made in the 3 days before.`
                : 'Check tracking, budgets and recent edits for that day.',
            impact: /spend|revenue/.test(a.kpi) ? Math.abs(a.value - a.expected) : null,
          },
          ctx,
        ),
      );
    },
  };
}

export function analyzers(alerter: Alerter): ReadonlyMap<string, Analyzer> {
  return new Map(
    [
      channelMix,
      emailCampaigns,
      lifecycleFlows,
      searchTerms,
      video,
      dayparting,
      budgetPacing,
      bidStrategy,
      audiences,
      anomalyWatch(alerter),
      creative,
      listGrowth,
    ].map((a) => [a.id, a] as const),
  );
}

export type { AnalyzerContext };
