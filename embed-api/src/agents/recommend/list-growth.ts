/**
 * List & segment growth agent (DASHBOARDS.md: net shrinkage over the period; a segment that changed > 20 % in a week).
 *
 * Sizes come from the membership intervals: `lists.net_growth` / `segments.net_growth` are +1 per membership start and
 * −1 per end, so the size at the end of a day is the running sum of the daily net changes (one query for everything
 * before the 400 days looked at, one per day after). Each list and segment is judged against its own history:
 * - net shrinkage: the size fell over the last 90 days, by more than 3 × the noise its own week-to-week changes
 *   allow (robust scale of the differences of its consecutive 7-day changes, ÷ √2, × √(90/7)), ≥ 2 % and ≥ 10 members — a steadily growing list with
 *   a bad week or a segment whose membership cycles monthly (engagement windows) is not shrinking;
 * - sudden change: the largest 7-day change of the last 30 days, as a log ratio, is ≥ 20 %, ≥ 4 robust standard
 *   deviations from the 7-day changes of the year before and ≥ 1.5 × the largest of them (so segments that empty and
 *   refill every month are not flagged).
 * Impact: members lost × a subscriber's yearly campaign revenue (revenue per recipient × sends per year, last 90 days).
 */
import type { Finding } from '../schemas.js';
import { robustScale } from './stats.js';
import { subscriberYearlyValue } from './subscriber-value.js';
import { type Analyzer, type AnalyzerContext, addDays, finding, median, num, round4 } from './types.js';

const HISTORY = 400;
const NET_WINDOW = 90;
const RECENT = 30;
const pct = (x: number) => `${Math.round(x * 100)}%`;

interface Kind {
  readonly kind: 'list' | 'segment';
  readonly measure: string;
  readonly key: string;
  readonly name: string;
}
const KINDS: readonly Kind[] = [
  { kind: 'list', measure: 'lists.net_growth', key: 'list.key', name: 'list.name' },
  { kind: 'segment', measure: 'segments.net_growth', key: 'segment.key', name: 'segment.name' },
];

/** Daily sizes (end of day) of every list / segment over [from, end]. */
async function sizes(ctx: AnalyzerContext, k: Kind, from: string, end: string) {
  const base = await ctx.run({
    measures: [k.measure],
    dimensions: [k.key, k.name],
    timeDimension: { dimension: 'date.day', dateRange: ['2000-01-01', addDays(from, -1)] },
    limit: 50_000,
  });
  const dailyQ = {
    measures: [k.measure],
    dimensions: [k.key, k.name],
    timeDimension: { dimension: 'date.day', granularity: 'day' as const, dateRange: [from, end] as [string, string] },
    limit: 50_000,
  };
  const daily = await ctx.run(dailyQ);
  const days = Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  const out = new Map<string, { name: string; size: number[] }>();
  const get = (key: string, name: string) => {
    const cur = out.get(key) ?? { name, size: new Array<number>(days).fill(0) };
    out.set(key, cur);
    return cur;
  };
  for (const r of base.rows) get(String(r[k.key]), String(r[k.name])).size[0] = num(r, k.measure);
  const net = new Map<string, number[]>();
  for (const r of daily.rows) {
    const key = String(r[k.key]);
    get(key, String(r[k.name]));
    const i = Math.round(
      (Date.parse(`${String(r['date.day']).slice(0, 10)}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000,
    );
    if (i < 0 || i >= days) continue;
    const arr = net.get(key) ?? new Array<number>(days).fill(0);
    arr[i] = (arr[i] ?? 0) + num(r, k.measure);
    net.set(key, arr);
  }
  for (const [key, s] of out) {
    const n = net.get(key) ?? [];
    let running = s.size[0] ?? 0;
    for (let i = 0; i < days; i += 1) {
      running += n[i] ?? 0;
      s.size[i] = running;
    }
  }
  return { sizes: out, query: dailyQ };
}

export const listGrowth: Analyzer = {
  id: 'list-growth',
  rules: [
    { id: 'net_shrinkage', members: ['lists.net_growth', 'list.key', 'list.name'] },
    { id: 'sudden_change', members: ['segments.net_growth', 'segment.key', 'segment.name'] },
  ],
  // Both rules look at every list and segment the scope can see: a list can change suddenly too, a segment shrink.
  async analyze(ctx) {
    const end = ctx.end;
    const from = addDays(end, -(HISTORY - 1));
    const last = HISTORY - 1;
    const value = await subscriberYearlyValue(ctx);
    const out: Finding[] = [];
    for (const k of KINDS) {
      if (![k.measure, k.key, k.name].every((m) => ctx.members.has(m))) continue;
      const { sizes: all, query } = await sizes(ctx, k, from, end);
      for (const [key, { name, size }] of all) {
        const at = (i: number) => size[i] ?? 0;
        const entity = { member: k.key, value: key, label: name };
        const weekly = (i: number) => at(i) - at(i - 7);
        const logWeekly = (i: number) => Math.log((at(i) + 1) / (at(i - 7) + 1));
        const net = at(last) - at(last - NET_WINDOW);
        const evidenceQuery = {
          ...query,
          filters: [{ member: k.key, operator: 'equals' as const, values: [key] }],
        };
        // Sudden change: the strongest 7-day move of the last 30 days against the year before it.
        const history: number[] = [];
        for (let i = 7; i <= last - RECENT - 7; i += 1) history.push(logWeekly(i));
        const centre = median(history);
        const scale = Math.max(robustScale(history), 0.02);
        // Segments that refill every month (engagement windows) move by more than 20 % in most weeks but in fewer than
        // half of them, which the robust scale ignores: the move must also be half again the largest of the year.
        const largest = history.reduce((m, x) => Math.max(m, Math.abs(x - centre)), 0);
        let best = -1;
        for (let i = last - RECENT + 1; i <= last; i += 1) {
          if (best < 0 || Math.abs(logWeekly(i) - centre) > Math.abs(logWeekly(best) - centre)) best = i;
        }
        const r = best >= 0 ? logWeekly(best) : 0;
        const z = (r - centre) / scale;
        const moved = best >= 0 ? weekly(best) : 0;
        if (
          best >= 0 &&
          Math.abs(Math.exp(r) - 1) >= 0.2 &&
          Math.abs(z) >= 4 &&
          Math.abs(r - centre) >= 1.5 * largest &&
          Math.abs(moved) >= 5
        ) {
          const day = addDays(from, best);
          const change = Math.exp(r) - 1;
          out.push(
            finding(
              {
                id: `list-growth:sudden_change:${key}`,
                agent: 'list-growth',
                rule: 'sudden_change',
                severity: change < 0 ? 'high' : 'low',
                entity,
                title: `${k.kind === 'list' ? 'List' : 'Segment'} "${name}" ${change < 0 ? 'lost' : 'gained'} ${pct(Math.abs(change))} of its members in the 7 days to ${day} (${Math.round(at(best - 7))} → ${Math.round(at(best))})`,
                evidence: {
                  numbers: {
                    size_before: at(best - 7),
                    size_after: at(best),
                    weekly_change: round4(change),
                    usual_weekly_change: round4(Math.exp(centre) - 1),
                    robust_z: round4(z),
                    size_now: at(last),
                    net_change_90d: net,
                  },
                  query: evidenceQuery,
                },
                action:
                  change < 0
                    ? `Check what removed members from "${name}" around ${day} (definition edit, suppression, import or sync error) and restore them if unintended.`
                    : `Check the source of the members added to "${name}" around ${day} (import, definition change) before sending to it.`,
                impact: change < 0 && value !== null ? -moved * value : null,
              },
              ctx,
            ),
          );
          continue;
        }
        // Net shrinkage over 90 days beyond the noise of its own weekly changes.
        // Week-to-week noise without the trend: differences of consecutive 7-day changes (÷ √2).
        const diffs: number[] = [];
        for (let i = 14; i <= last; i += 1) diffs.push(weekly(i) - weekly(i - 7));
        const noise = (robustScale(diffs) / Math.SQRT2) * Math.sqrt(NET_WINDOW / 7);
        const startSize = at(last - NET_WINDOW);
        if (net < 0 && -net >= 3 * noise && -net >= 10 && -net >= 0.02 * startSize) {
          const change = startSize > 0 ? net / startSize : -1;
          out.push(
            finding(
              {
                id: `list-growth:net_shrinkage:${key}`,
                agent: 'list-growth',
                rule: 'net_shrinkage',
                severity: change <= -0.1 ? 'high' : 'medium',
                entity,
                title: `${k.kind === 'list' ? 'List' : 'Segment'} "${name}" shrank ${pct(-change)} in 90 days (${Math.round(startSize)} → ${Math.round(at(last))} members)`,
                evidence: {
                  numbers: {
                    size_90d_ago: startSize,
                    size_now: at(last),
                    net_change_90d: net,
                    relative_change: round4(change),
                    weekly_noise: round4(noise / Math.sqrt(NET_WINDOW / 7)),
                  },
                  query: evidenceQuery,
                },
                action: `Find where "${name}" loses members (unsubscribes, bounces, cleanup rules) and add a sign-up source or a re-permission campaign.`,
                impact: value !== null ? -net * value : null,
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
