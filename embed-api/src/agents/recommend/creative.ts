/**
 * Creative agent — fatigue (DASHBOARDS.md: CTR falling > 25 % over 14 days while frequency rises).
 *
 * Clicks per ad and day are few (a handful at small scale), so comparing a few days at each end of the 14 days is
 * mostly noise. Instead:
 * - frequency (impressions / reach, Meta) must rise over the 14 days: impression-weighted least-squares slope of the
 *   log of the daily frequency per device, ≥ +20 % from the first to the last day;
 * - the CTR trend is a Poisson ramp fit over the ad's own history (`fitRamp`): the 28 days before the window give the
 *   ad's usual CTR, the 14 days of the window a log-linear trend, so every click counts;
 * - it is taken relative to the ad's peers (the other ads of its campaign, same fit), so a CTR dip every ad shares
 *   (season, a tracking change) is not called fatigue;
 * - the ad is fatigued when that relative CTR change over the 14 days is ≤ −25 %, with ≥ 20 clicks before the window
 *   and ≥ 10 in it.
 */
import type { Finding } from '../schemas.js';
import { fitRamp, type RateObservation, weightedSlope } from './stats.js';
import { type Analyzer, addDays, finding, num, round4 } from './types.js';

const WINDOW = 14;
const BASELINE = 28;
const MIN_FREQUENCY_RISE = 0.2;
const MAX_CTR_CHANGE = -0.25;
const pct = (x: number) => `${Math.round(x * 100)}%`;
const dayIndex = (from: string, day: string) =>
  Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export const creative: Analyzer = {
  id: 'creative',
  rules: [
    {
      id: 'ad_fatigue',
      members: [
        'ad_performance.impressions',
        'ad_performance.clicks',
        'ad_performance.spend',
        'ad_performance.reach',
        'ad_performance.ctr',
        'ad_performance.frequency',
        'ad.id',
        'ad.name',
        'campaign.id',
        'device.code',
      ],
    },
  ],
  async analyze(ctx) {
    const end = ctx.end;
    const windowStart = addDays(end, -(WINDOW - 1));
    const historyStart = addDays(windowStart, -BASELINE);
    // 1. Ads whose frequency rises over the window (reach exists only where the platform reports it).
    const freqQ = {
      measures: ['ad_performance.impressions', 'ad_performance.reach', 'ad_performance.clicks', 'ad_performance.spend'],
      // Reach is valid per ad, device and day only.
      dimensions: ['ad.id', 'ad.name', 'campaign.id', 'device.code'],
      timeDimension: {
        dimension: 'date.day',
        granularity: 'day' as const,
        dateRange: [windowStart, end] as [string, string],
      },
      filters: [{ member: 'ad_performance.reach', operator: 'gt' as const, values: [0] }],
      limit: 50_000,
    };
    type Ad = {
      name: string;
      campaign: string;
      points: { t: number; y: number; w: number }[];
      spend: number;
      impressions: number;
      clicks: number;
    };
    const ads = new Map<string, Ad>();
    for (const r of (await ctx.run(freqQ)).rows) {
      const id = String(r['ad.id']);
      const a = ads.get(id) ?? {
        name: String(r['ad.name']),
        campaign: String(r['campaign.id']),
        points: [],
        spend: 0,
        impressions: 0,
        clicks: 0,
      };
      const imp = num(r, 'ad_performance.impressions');
      const reach = num(r, 'ad_performance.reach');
      if (imp > 0 && reach > 0) {
        a.points.push({
          t: dayIndex(windowStart, String(r['date.day']).slice(0, 10)),
          y: Math.log(imp / reach),
          w: imp,
        });
      }
      a.spend += num(r, 'ad_performance.spend');
      a.impressions += imp;
      a.clicks += num(r, 'ad_performance.clicks');
      ads.set(id, a);
    }
    const rising = new Map<string, Ad & { freqStart: number; freqEnd: number }>();
    for (const [id, a] of ads) {
      if (a.points.length < WINDOW / 2 || a.clicks < 10) continue;
      const slope = weightedSlope(a.points);
      if (!Number.isFinite(slope) || Math.exp(slope * (WINDOW - 1)) - 1 < MIN_FREQUENCY_RISE) continue;
      const w = a.points.reduce((s, p) => s + p.w, 0);
      const tm = a.points.reduce((s, p) => s + p.w * p.t, 0) / w;
      const ym = a.points.reduce((s, p) => s + p.w * p.y, 0) / w;
      rising.set(id, {
        ...a,
        freqStart: Math.exp(ym + slope * (0 - tm)),
        freqEnd: Math.exp(ym + slope * (WINDOW - 1 - tm)),
      });
    }
    if (rising.size === 0) return [];
    // 2. Their CTR over their own history, and their campaigns' other ads as the control.
    const campaigns = [...new Set([...rising.values()].map((a) => a.campaign))];
    const ctrQ = {
      measures: ['ad_performance.impressions', 'ad_performance.clicks'],
      dimensions: ['ad.id', 'campaign.id'],
      timeDimension: {
        dimension: 'date.day',
        granularity: 'day' as const,
        dateRange: [historyStart, end] as [string, string],
      },
      filters: [{ member: 'campaign.id', operator: 'equals' as const, values: campaigns }],
      limit: 50_000,
    };
    // x = the ramp position: 0 before the window, 1/14 … 1 over its days (the change since the day before it).
    const xOf = (day: string) => Math.max(0, dayIndex(addDays(windowStart, -1), day) / WINDOW);
    const byAd = new Map<string, Map<string, { n: number; k: number }>>();
    const byCampaign = new Map<string, Map<string, { n: number; k: number }>>();
    const add = (
      m: Map<string, Map<string, { n: number; k: number }>>,
      key: string,
      day: string,
      n: number,
      k: number,
    ) => {
      const days = m.get(key) ?? new Map<string, { n: number; k: number }>();
      const cur = days.get(day) ?? { n: 0, k: 0 };
      days.set(day, { n: cur.n + n, k: cur.k + k });
      m.set(key, days);
    };
    for (const r of (await ctx.run(ctrQ)).rows) {
      const day = String(r['date.day']).slice(0, 10);
      const n = num(r, 'ad_performance.impressions');
      const k = num(r, 'ad_performance.clicks');
      add(byAd, String(r['ad.id']), day, n, k);
      add(byCampaign, String(r['campaign.id']), day, n, k);
    }
    const out: Finding[] = [];
    for (const [id, a] of rising) {
      const ownDays = byAd.get(id) ?? new Map<string, { n: number; k: number }>();
      const fit = fitRamp([...ownDays].map(([day, o]) => ({ ...o, x: xOf(day) })));
      if (!fit || fit.baseEvents < 20 || fit.rampEvents < 10) continue;
      // Peers: the campaign's totals minus this ad, day by day.
      const peers: RateObservation[] = [...(byCampaign.get(a.campaign) ?? [])].map(([day, tot]) => {
        const o = ownDays.get(day);
        return { n: tot.n - (o?.n ?? 0), k: tot.k - (o?.k ?? 0), x: xOf(day) };
      });
      const peerFit = fitRamp(peers);
      const peerBeta = peerFit && peerFit.rampEvents >= 30 ? peerFit.beta : 0;
      const change = Math.exp(fit.beta - peerBeta) - 1;
      if (change > MAX_CTR_CHANGE) continue;
      const ctrBefore = fit.baseRate;
      const ctrNow = fit.baseRate * Math.exp(fit.beta);
      const detailQ = {
        measures: [
          'ad_performance.ctr',
          'ad_performance.frequency',
          'ad_performance.impressions',
          'ad_performance.clicks',
        ],
        dimensions: ['ad.id'],
        timeDimension: {
          dimension: 'date.day',
          granularity: 'day' as const,
          dateRange: [historyStart, end] as [string, string],
        },
        filters: [{ member: 'ad.id', operator: 'equals' as const, values: [id] }],
      };
      out.push(
        finding(
          {
            agent: 'creative',
            rule: 'ad_fatigue',
            severity: change <= -0.4 ? 'high' : 'medium',
            entity: { member: 'ad.id', value: id, label: a.name },
            title: `"${a.name}": CTR ${pct(change)} over 14 days relative to its campaign's other ads, frequency ${a.freqStart.toFixed(1)} → ${a.freqEnd.toFixed(1)}`,
            evidence: {
              numbers: {
                ctr_before: round4(ctrBefore),
                ctr_now: round4(ctrNow),
                ctr_change: round4(change),
                peers_ctr_change: round4(Math.exp(peerBeta) - 1),
                ctr_change_standard_error: round4(fit.se),
                frequency_before: round4(a.freqStart),
                frequency_now: round4(a.freqEnd),
                clicks_14d: a.clicks,
                impressions_14d: a.impressions,
                spend_14d: a.spend,
              },
              query: detailQ,
            },
            action: `Refresh "${a.name}" (new creative or copy) or widen its audience to bring frequency down.`,
            // The last 14 days' spend now buys this share fewer clicks than the ad's usual CTR did.
            impact: a.spend * -change,
          },
          ctx,
        ),
      );
    }
    return out;
  },
};
