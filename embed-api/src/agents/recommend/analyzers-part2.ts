/**
 * Analyzers over the part-2 facts (search terms, video, hourly). Each rule names its members; the recommender reports
 * a rule unavailable while the catalog lacks them.
 */
import type { Finding } from '../schemas.js';
import { poissonLowerTail, poissonUpperTail } from './stats.js';
import { type Analyzer, addDays, finding, median, num, round2, round4 } from './types.js';

const last30 = (end: string): [string, string] => [addDays(end, -29), end];
/** At most this many findings per rule: the strongest candidates, not a long list. */
const PER_RULE = 3;
const strongest = (fs: Finding[]) => fs.sort((a, b) => (b.impact ?? 0) - (a.impact ?? 0)).slice(0, PER_RULE);
const pct = (x: number) => `${Math.round(x * 100)}%`;

export const searchTerms: Analyzer = {
  id: 'search-terms',
  rules: [
    {
      id: 'candidate_negative',
      members: ['search_terms.spend', 'search_terms.conversions', 'search_terms.term', 'search_terms.cpa'],
    },
    {
      id: 'missed_keyword',
      members: ['search_terms.spend', 'search_terms.conversions', 'search_terms.term', 'keyword.text', 'keyword.id'],
    },
  ],
  async analyze(ctx, ok) {
    const range = last30(ctx.end);
    const avg = await ctx.run({
      measures: ['search_terms.cpa'],
      timeDimension: { dimension: 'date.day', dateRange: range },
    });
    const avgCpa = num(avg.rows[0], 'search_terms.cpa');
    if (avgCpa <= 0) return [];
    const negatives: Finding[] = [];
    const missed: Finding[] = [];
    if (ok.has('candidate_negative')) {
      const q = {
        measures: ['search_terms.spend', 'search_terms.clicks', 'search_terms.conversions'],
        dimensions: ['search_terms.term'],
        timeDimension: { dimension: 'date.day', dateRange: range },
        filters: [
          { member: 'search_terms.conversions', operator: 'lte' as const, values: [0] },
          { member: 'search_terms.spend', operator: 'gte' as const, values: [2 * avgCpa] },
        ],
        order: [['search_terms.spend', 'desc'] as ['search_terms.spend', 'desc']],
        limit: 50,
      };
      for (const r of (await ctx.run(q)).rows) {
        const term = String(r['search_terms.term']);
        const spend = num(r, 'search_terms.spend');
        negatives.push(
          finding(
            {
              agent: 'search-terms',
              rule: 'candidate_negative',
              severity: spend >= 4 * avgCpa ? 'high' : 'medium',
              entity: { member: 'search_terms.term', value: term, label: term },
              title: `"${term}" cost ${ctx.money(spend)} in 30 days with no conversion`,
              evidence: { numbers: { spend, conversions: 0, average_cpa: avgCpa }, query: q },
              action: `Add "${term}" as a negative keyword.`,
              impact: spend,
            },
            ctx,
          ),
        );
      }
    }
    if (ok.has('missed_keyword')) {
      // A converting term is worth its own keyword when it beats the traffic it is pooled with: the other searches
      // of the keyword(s) it matched through share one bid, so the term's advantage over them is what a separate bid
      // can capture (≤ 60 % of their CPA). Against the account average alone, every commercial-intent variant
      // ("buy …", "best …") of a keyword that converts well anyway qualifies, and their volume buries the terms that
      // convert several times better than their keyword.
      const q = {
        measures: ['search_terms.spend', 'search_terms.conversions'],
        dimensions: ['search_terms.term', 'keyword.id', 'keyword.text'],
        timeDimension: { dimension: 'date.day', dateRange: range },
        filters: [{ member: 'search_terms.conversions', operator: 'gte' as const, values: [2] }],
        limit: 50_000,
      };
      type Share = { spend: number; conv: number };
      const byTerm = new Map<string, Share & { isKeyword: boolean; keywords: Map<string, Share> }>();
      for (const r of (await ctx.run(q)).rows) {
        const term = String(r['search_terms.term']);
        const kw = String(r['keyword.text'] ?? '')
          .replace(/[[\]"+]/g, '')
          .trim()
          .toLowerCase();
        const cur = byTerm.get(term) ?? { spend: 0, conv: 0, isKeyword: false, keywords: new Map<string, Share>() };
        const spend = num(r, 'search_terms.spend');
        const conv = num(r, 'search_terms.conversions');
        const kwId = String(r['keyword.id']);
        const share = cur.keywords.get(kwId) ?? { spend: 0, conv: 0 };
        cur.keywords.set(kwId, { spend: share.spend + spend, conv: share.conv + conv });
        byTerm.set(term, {
          spend: cur.spend + spend,
          conv: cur.conv + conv,
          isKeyword: cur.isKeyword || kw === term.toLowerCase(),
          keywords: cur.keywords,
        });
      }
      // Clearly better than average (≤ 60 % of the average CPA), ≥ 5 conversions, not a keyword already.
      const candidates = [...byTerm].filter(([, t]) => !t.isKeyword && t.conv >= 5 && t.spend / t.conv <= 0.6 * avgCpa);
      const keywordIds = [...new Set(candidates.flatMap(([, t]) => [...t.keywords.keys()]))].slice(0, 1000);
      // The keywords' converting searches (those without any conversion are the other rule's negative candidates:
      // they would inflate every term's baseline alike).
      const kwQ = {
        measures: ['search_terms.spend', 'search_terms.conversions'],
        dimensions: ['keyword.id', 'search_terms.term'],
        timeDimension: { dimension: 'date.day', dateRange: range },
        filters: [
          { member: 'keyword.id', operator: 'equals' as const, values: keywordIds },
          { member: 'search_terms.conversions', operator: 'gt' as const, values: [0] },
        ],
        limit: 50_000,
      };
      const keywordTotals = new Map<string, Share>();
      if (keywordIds.length > 0) {
        for (const r of (await ctx.run(kwQ)).rows) {
          const id = String(r['keyword.id']);
          const cur = keywordTotals.get(id) ?? { spend: 0, conv: 0 };
          keywordTotals.set(id, {
            spend: cur.spend + num(r, 'search_terms.spend'),
            conv: cur.conv + num(r, 'search_terms.conversions'),
          });
        }
      }
      for (const [term, t] of candidates) {
        const cpa = t.spend / t.conv;
        let othersSpend = 0;
        let othersConv = 0;
        for (const [id, share] of t.keywords) {
          const total = keywordTotals.get(id);
          if (!total) continue;
          othersSpend += Math.max(0, total.spend - share.spend);
          othersConv += Math.max(0, total.conv - share.conv);
        }
        // The keyword's other searches converted at most once: their CPA is at least their whole spend.
        const othersCpa = othersSpend / Math.max(othersConv, 1);
        if (cpa > 0.6 * othersCpa) continue;
        missed.push(
          finding(
            {
              agent: 'search-terms',
              rule: 'missed_keyword',
              severity: 'medium',
              entity: { member: 'search_terms.term', value: term, label: term },
              title: `"${term}" converts ${t.conv} times at ${ctx.money(cpa)} CPA but is not a keyword (its keyword's other converting searches: ${ctx.money(othersCpa)})`,
              evidence: {
                numbers: {
                  conversions: t.conv,
                  spend: t.spend,
                  cpa,
                  average_cpa: avgCpa,
                  keyword_others_cpa: othersCpa,
                },
                query: kwQ,
              },
              action: `Add "${term}" as an exact-match keyword with its own bid.`,
              // What its conversions would have cost at its keyword's converting searches' CPA.
              impact: (othersCpa - cpa) * t.conv,
            },
            ctx,
          ),
        );
      }
    }
    return [...strongest(negatives), ...strongest(missed)];
  },
};

export const video: Analyzer = {
  id: 'video',
  rules: [
    { id: 'early_dropoff', members: ['video_performance.plays', 'video_performance.p25_rate', 'video.title'] },
    {
      id: 'cost_per_completed_view_outlier',
      members: ['video_performance.cost_per_completed_view', 'video_performance.p100', 'video.title'],
    },
  ],
  async analyze(ctx, ok) {
    const q = {
      measures: [
        'video_performance.plays',
        'video_performance.p25_rate',
        'video_performance.spend',
        'video_performance.p100',
        'video_performance.cost_per_completed_view',
      ].filter((m) => ctx.members.has(m)),
      dimensions: ['video.key', 'video.title'],
      timeDimension: { dimension: 'date.day', dateRange: last30(ctx.end) },
      filters: [{ member: 'video_performance.plays', operator: 'gte' as const, values: [100] }],
      limit: 1000,
    };
    const rows = (await ctx.run(q)).rows;
    const out: Finding[] = [];
    const cpcvMedian = median(
      rows.map((r) => num(r, 'video_performance.cost_per_completed_view')).filter((v) => v > 0),
    );
    for (const r of rows) {
      const key = String(r['video.key']);
      const title = String(r['video.title']);
      const entity = { member: 'video.key', value: key, label: title };
      const spend = num(r, 'video_performance.spend');
      const dropoff = 1 - num(r, 'video_performance.p25_rate');
      if (ok.has('early_dropoff') && dropoff > 0.6) {
        out.push(
          finding(
            {
              agent: 'video',
              rule: 'early_dropoff',
              severity: dropoff > 0.7 ? 'high' : 'medium',
              entity,
              title: `${pct(dropoff)} of plays of "${title}" stop before 25%`,
              evidence: {
                numbers: { dropoff_before_25: round4(dropoff), plays: num(r, 'video_performance.plays'), spend },
                query: q,
              },
              action: `Re-cut the first seconds of "${title}" (hook, captions) or replace it.`,
              impact: spend * dropoff,
            },
            ctx,
          ),
        );
      }
      const cpcv = num(r, 'video_performance.cost_per_completed_view');
      if (ok.has('cost_per_completed_view_outlier') && cpcvMedian > 0 && cpcv > 2 * cpcvMedian) {
        out.push(
          finding(
            {
              agent: 'video',
              rule: 'cost_per_completed_view_outlier',
              severity: 'low',
              entity,
              title: `"${title}" costs ${ctx.money(cpcv)} per completed view (median ${ctx.money(cpcvMedian)})`,
              evidence: { numbers: { cost_per_completed_view: cpcv, median: cpcvMedian }, query: q },
              action: `Shift budget from "${title}" to videos with cheaper completed views.`,
              impact: (cpcv - cpcvMedian) * num(r, 'video_performance.p100'),
            },
            ctx,
          ),
        );
      }
    }
    return out;
  },
};

export const dayparting: Analyzer = {
  id: 'dayparting',
  rules: [
    {
      id: 'expensive_hour',
      members: ['campaign_hourly.cpa', 'campaign_hourly.spend', 'campaign_hourly.conversions', 'hour_of_day.number'],
    },
  ],
  async analyze(ctx) {
    const range: [string, string] = [addDays(ctx.end, -89), ctx.end];
    const q = {
      measures: ['campaign_hourly.spend', 'campaign_hourly.conversions', 'campaign_hourly.cpa'],
      dimensions: ['hour_of_day.number'],
      timeDimension: { dimension: 'date.day', dateRange: range },
    };
    const rows = (await ctx.run(q)).rows;
    const spend = rows.reduce((s, r) => s + num(r, 'campaign_hourly.spend'), 0);
    const conv = rows.reduce((s, r) => s + num(r, 'campaign_hourly.conversions'), 0);
    if (conv <= 0) return [];
    const avgCpa = spend / conv;
    const out: Finding[] = [];
    for (const r of rows) {
      const hour = String(r['hour_of_day.number']);
      const hSpend = num(r, 'campaign_hourly.spend');
      const hConv = num(r, 'campaign_hourly.conversions');
      const cpa = hConv > 0 ? hSpend / hConv : Number.POSITIVE_INFINITY;
      // Material spend: at least 1% of the period's spend.
      if (hSpend < 0.01 * spend || cpa <= 1.5 * avgCpa) continue;
      out.push(
        finding(
          {
            agent: 'dayparting',
            rule: 'expensive_hour',
            severity: cpa > 2 * avgCpa ? 'high' : 'medium',
            entity: { member: 'hour_of_day.number', value: hour, label: `${hour.padStart(2, '0')}:00` },
            title: `${hour.padStart(2, '0')}:00 costs ${Number.isFinite(cpa) ? ctx.money(cpa) : 'n/a'} per conversion vs ${ctx.money(avgCpa)} on average`,
            evidence: {
              numbers: { cpa: Number.isFinite(cpa) ? cpa : 0, average_cpa: avgCpa, spend: hSpend },
              query: q,
            },
            action: `Lower bids (ad schedule bid adjustment) for ${hour.padStart(2, '0')}:00.`,
            impact: hSpend - hConv * avgCpa,
          },
          ctx,
        ),
      );
    }
    return out;
  },
};

export const budgetPacing: Analyzer = {
  id: 'budget-pacing',
  rules: [
    {
      id: 'projected_off_budget',
      members: ['budget_changes.daily_budget', 'ads.spend', 'campaign.id', 'campaign.name'],
    },
    { id: 'budget_changed', members: ['budget_changes.changes', 'budget_changes.daily_budget', 'campaign.id'] },
  ],
  async analyze(ctx, ok) {
    const end = ctx.end;
    const monthStart = `${end.slice(0, 8)}01`;
    const elapsed = Number(end.slice(8, 10));
    const [y, m] = end.split('-').map(Number) as [number, number];
    const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
    // The budget in effect on a day = the last change up to that day (semi-additive over date).
    const budgetAsOf = async (day: string) => {
      const res = await ctx.run({
        measures: ['budget_changes.daily_budget'],
        dimensions: ['campaign.id', 'campaign.name'],
        timeDimension: { dimension: 'date.day', dateRange: ['2000-01-01', day] },
        limit: 5000,
      });
      return new Map(
        res.rows.map((r) => [
          String(r['campaign.id']),
          { name: String(r['campaign.name']), budget: num(r, 'budget_changes.daily_budget') },
        ]),
      );
    };
    const budgets = await budgetAsOf(end);
    const out: Finding[] = [];
    if (ok.has('projected_off_budget') && elapsed >= 3) {
      // The month's budget is the sum of the budgets in effect on each of its days (the current one for the days
      // left), and the campaign is projected to keep spending the same share of whatever budget is in effect. Judging
      // the month-to-date average against today's budget alone calls every campaign whose budget was just cut an
      // overspender (and one just raised an underspender).
      const atStart = await budgetAsOf(addDays(monthStart, -1));
      const changes = await ctx.run({
        measures: ['budget_changes.daily_budget'],
        dimensions: ['campaign.id'],
        timeDimension: { dimension: 'date.day', granularity: 'day', dateRange: [monthStart, end] },
        limit: 50_000,
      });
      const changedOn = new Map<string, Map<string, number>>();
      for (const r of changes.rows) {
        const id = String(r['campaign.id']);
        const days = changedOn.get(id) ?? new Map<string, number>();
        days.set(String(r['date.day']).slice(0, 10), num(r, 'budget_changes.daily_budget'));
        changedOn.set(id, days);
      }
      const q = {
        measures: ['ads.spend'],
        dimensions: ['campaign.id', 'campaign.name'],
        timeDimension: { dimension: 'date.day', dateRange: [monthStart, end] as [string, string] },
        limit: 5000,
      };
      const under: Finding[] = [];
      for (const r of (await ctx.run(q)).rows) {
        const id = String(r['campaign.id']);
        const b = budgets.get(id);
        if (!b || b.budget <= 0) continue;
        let inEffect = atStart.get(id)?.budget ?? 0;
        let monthToDateBudget = 0;
        for (let day = monthStart; day <= end; day = addDays(day, 1)) {
          inEffect = changedOn.get(id)?.get(day) ?? inEffect;
          monthToDateBudget += inEffect;
        }
        if (monthToDateBudget <= 0) continue;
        const spend = num(r, 'ads.spend');
        const left = daysInMonth - elapsed;
        const utilisation = spend / monthToDateBudget;
        const projected = spend + left * b.budget * utilisation;
        const monthly = monthToDateBudget + left * b.budget;
        const ratio = projected / monthly;
        if (ratio <= 1.1 && ratio >= 0.8) continue;
        const over = ratio > 1.1;
        (over ? out : under).push(
          finding(
            {
              agent: 'budget-pacing',
              rule: over ? 'projected_overspend' : 'projected_underspend',
              severity: over ? 'high' : 'low',
              entity: { member: 'campaign.id', value: id, label: String(r['campaign.name']) },
              title: `${String(r['campaign.name'])} is on pace for ${ctx.money(projected)} this month vs a budget of ${ctx.money(monthly)}`,
              evidence: {
                numbers: {
                  month_to_date_spend: spend,
                  month_to_date_budget: monthToDateBudget,
                  projected,
                  monthly_budget: monthly,
                  ratio: round4(ratio),
                },
                query: q,
              },
              action: over
                ? 'Lower the daily budget or bids for the rest of the month, or approve the overspend.'
                : 'Raise bids or widen targeting, or move the unused budget to campaigns that convert.',
              // Over: the money above budget. Under: unspent budget is not money lost, and what it could have earned
              // depends on returns at the margin, which the data cannot tell: no estimate (ranked after estimates).
              impact: over ? projected - monthly : null,
            },
            ctx,
          ),
        );
      }
      // Campaigns whose budget is not what limits them are common: the 3 with the most budget left unused.
      const unused = (f: Finding) => (f.evidence.numbers.monthly_budget ?? 0) - (f.evidence.numbers.projected ?? 0);
      out.push(...under.sort((a, b) => unused(b) - unused(a)).slice(0, PER_RULE));
    }
    if (ok.has('budget_changed')) {
      const from = addDays(end, -6);
      const q = {
        measures: ['budget_changes.changes'],
        dimensions: ['campaign.id', 'campaign.name'],
        timeDimension: { dimension: 'date.day', dateRange: [from, end] as [string, string] },
        filters: [{ member: 'budget_changes.changes', operator: 'gt' as const, values: [0] }],
      };
      const changed = (await ctx.run(q)).rows;
      if (changed.length > 0) {
        const before = await budgetAsOf(addDays(from, -1));
        for (const r of changed) {
          const id = String(r['campaign.id']);
          const now = budgets.get(id)?.budget ?? 0;
          const was = before.get(id)?.budget ?? 0;
          out.push(
            finding(
              {
                agent: 'budget-pacing',
                rule: 'budget_changed',
                severity: 'medium',
                entity: { member: 'campaign.id', value: id, label: String(r['campaign.name']) },
                title: `${String(r['campaign.name'])}: daily budget changed from ${ctx.money(was)} to ${ctx.money(now)} in the last 7 days`,
                evidence: { numbers: { previous_daily_budget: was, daily_budget: now }, query: q },
                action: 'Check the month-end projection with the new budget and that the change was intended.',
                // The change's effect over a month of spend at the new budget.
                impact: Math.abs(now - was) * daysInMonth,
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

export const bidStrategy: Analyzer = {
  id: 'bid-strategy',
  rules: [
    {
      id: 'cpa_up_after_bidding_change',
      members: [
        'bidding_changes.changes',
        'ads.cpa',
        'ads.conversions',
        'ads.cpc',
        'ads.roas',
        'campaign.id',
        'campaign.name',
      ],
    },
  ],
  async analyze(ctx) {
    const end = ctx.end;
    const changes = await ctx.run({
      measures: ['bidding_changes.changes'],
      dimensions: ['campaign.id', 'campaign.name'],
      timeDimension: { dimension: 'date.day', granularity: 'day', dateRange: [addDays(end, -60), addDays(end, -7)] },
      filters: [{ member: 'bidding_changes.changes', operator: 'gt', values: [0] }],
      limit: 500,
    });
    const out: Finding[] = [];
    for (const c of changes.rows) {
      const id = String(c['campaign.id']);
      const day = String(c['date.day']).slice(0, 10);
      const window = (from: string, to: string) => ({
        // CPC and ROAS too: the dashboard shows CPC/CPA/ROAS before vs after each flagged change (DASHBOARDS.md)
        measures: ['ads.cpa', 'ads.conversions', 'ads.spend', 'ads.cpc', 'ads.roas'],
        timeDimension: { dimension: 'date.day', dateRange: [from, to] as [string, string] },
        filters: [{ member: 'campaign.id', operator: 'equals' as const, values: [id] }],
      });
      const afterEnd = [addDays(day, 13), end].sort()[0] as string;
      const beforeQ = window(addDays(day, -14), addDays(day, -1));
      const afterQ = window(day, afterEnd);
      const [before, after] = await Promise.all([ctx.run(beforeQ), ctx.run(afterQ)]);
      const cpaBefore = num(before.rows[0], 'ads.cpa');
      const cpaAfter = num(after.rows[0], 'ads.cpa');
      const convAfter = num(after.rows[0], 'ads.conversions');
      if (cpaBefore <= 0 || num(before.rows[0], 'ads.conversions') < 5 || cpaAfter <= 1.2 * cpaBefore) continue;
      out.push(
        finding(
          {
            id: `bid-strategy:cpa_up_after_bidding_change:${id}:${day}`,
            agent: 'bid-strategy',
            rule: 'cpa_up_after_bidding_change',
            severity: cpaAfter > 1.5 * cpaBefore ? 'high' : 'medium',
            entity: { member: 'campaign.id', value: id, label: String(c['campaign.name']) },
            title: `${String(c['campaign.name'])}: CPA ${ctx.money(cpaAfter)} since the bidding change of ${day} vs ${ctx.money(cpaBefore)} before`,
            evidence: {
              numbers: {
                cpa_before: cpaBefore,
                cpa_after: cpaAfter,
                conversions_after: convAfter,
                cpc_before: num(before.rows[0], 'ads.cpc'),
                cpc_after: num(after.rows[0], 'ads.cpc'),
                roas_before: num(before.rows[0], 'ads.roas'),
                roas_after: num(after.rows[0], 'ads.roas'),
              },
              query: afterQ,
            },
            action: 'Revert the bidding strategy or set a target CPA close to the previous CPA while it learns.',
            impact: (cpaAfter - cpaBefore) * convAfter,
          },
          ctx,
        ),
      );
    }
    return out;
  },
};

export const audiences: Analyzer = {
  id: 'audiences',
  rules: [
    {
      id: 'audience_cpa_outlier',
      members: ['audiences.cpa', 'audiences.spend', 'audiences.conversions', 'audience.name'],
    },
    {
      id: 'demographic_cpa_outlier',
      members: [
        'demographics.cpa',
        'demographics.spend',
        'demographics.conversions',
        'demographics.age',
        'demographics.gender',
      ],
    },
  ],
  async analyze(ctx, ok) {
    const range: [string, string] = [addDays(ctx.end, -89), ctx.end];
    const out: Finding[] = [];
    const judge = async (
      rule: string,
      fact: 'audiences' | 'demographics',
      dims: string[],
      extra: { member: string; operator: 'equals'; values: string[] }[],
    ) => {
      const q = {
        measures: [`${fact}.spend`, `${fact}.conversions`, `${fact}.cpa`],
        dimensions: dims,
        timeDimension: { dimension: 'date.day', dateRange: range },
        filters: extra,
        limit: 1000,
      };
      const rows = (await ctx.run(q)).rows;
      const spend = rows.reduce((s, r) => s + num(r, `${fact}.spend`), 0);
      const conv = rows.reduce((s, r) => s + num(r, `${fact}.conversions`), 0);
      if (conv <= 0) return;
      const avg = spend / conv;
      for (const r of rows) {
        const s = num(r, `${fact}.spend`);
        const c = num(r, `${fact}.conversions`);
        // Meaningful: at least 5 % of the spend and 5 conversions' worth of it.
        if (s < 0.05 * spend || s < 5 * avg) continue;
        const cpa = c > 0 ? s / c : Number.POSITIVE_INFINITY;
        const low = cpa < 0.7 * avg;
        if (!low && cpa <= 1.5 * avg) continue;
        // And not chance: at the average CPA the segment's spend would have bought s / avg conversions; a segment
        // with a few dozen conversions lands beyond 0.7× or 1.5× by luck alone. Poisson tail below 5 % over the
        // number of segments compared (Bonferroni: one lucky cell among many is not a finding).
        const expected = s / avg;
        const pValue = low ? poissonUpperTail(c, expected) : poissonLowerTail(c, expected);
        if (pValue >= 0.05 / rows.length) continue;
        const label = dims.map((d) => String(r[d])).join(' ');
        out.push(
          finding(
            {
              agent: 'audiences',
              rule,
              severity: low ? 'medium' : 'high',
              entity: { member: dims.join('+'), value: label, label },
              title: `${label}: CPA ${Number.isFinite(cpa) ? ctx.money(cpa) : 'n/a'} vs ${ctx.money(avg)} on average`,
              evidence: {
                numbers: {
                  cpa: Number.isFinite(cpa) ? cpa : 0,
                  average_cpa: avg,
                  spend: s,
                  conversions: c,
                  expected_conversions: round2(expected),
                },
                query: q,
              },
              action: low
                ? `Raise bids or budget for ${label}: it converts well below the average cost.`
                : `Lower bids for ${label} or exclude it.`,
              impact: low ? (avg - cpa) * c : s - c * avg,
            },
            ctx,
          ),
        );
      }
    };
    if (ok.has('audience_cpa_outlier')) await judge('audience_cpa_outlier', 'audiences', ['audience.name'], []);
    if (ok.has('demographic_cpa_outlier')) {
      await judge(
        'demographic_cpa_outlier',
        'demographics',
        ['demographics.gender', 'demographics.age'],
        [{ member: 'demographics.breakdown', operator: 'equals', values: ['age_gender'] }],
      );
    }
    return out;
  },
};
