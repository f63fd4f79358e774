/**
 * The creative and list-growth analyzers on constructed series (what each statistic must and must not flag); the
 * 3-seed acceptance on generator data is `recommend.seeds.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import type { MetricsRequest, MetricsResponse, Row } from '../../wire/index.js';
import { creative } from './creative.js';
import { listGrowth } from './list-growth.js';
import { type AnalyzerContext, addDays } from './types.js';

const END = '2026-11-24';

function context(
  members: string[],
  rows: (q: MetricsRequest) => Row[],
): AnalyzerContext & { queries: MetricsRequest[] } {
  const queries: MetricsRequest[] = [];
  return {
    queries,
    scope: {
      tenantId: 't',
      warehouseLocation: 't',
      timeZone: 'UTC',
      reportingCurrency: 'USD',
      lockedFilters: {},
    } as AnalyzerContext['scope'],
    now: new Date(`${addDays(END, 1)}T12:00:00Z`),
    end: END,
    members: new Set(members),
    async run(q) {
      queries.push(q);
      return { rows: rows(q) } as unknown as MetricsResponse;
    },
    money: (v) => `$${v.toFixed(2)}`,
  };
}

describe('list-growth', () => {
  // Sizes at the end of each of the 400 days, per entity, built here; the analyzer only sees daily net changes.
  const days = 400;
  const from = addDays(END, -(days - 1));
  const series: Record<string, { kind: 'list' | 'segment'; size: (i: number) => number }> = {
    growing: { kind: 'list', size: (i) => 1000 + 2 * i },
    // grows, then loses 3 a day over the last 120 days
    shrinking: { kind: 'list', size: (i) => (i < days - 120 ? 800 + i : 800 + (days - 120) - 3 * (i - (days - 120))) },
    // an engagement segment: empties and refills every 30 days
    cycling: { kind: 'segment', size: (i) => (i % 30 < 27 ? 300 + i : 0) },
    // steady, then 40 % of its members leave on one day three weeks ago
    dropped: { kind: 'segment', size: (i) => Math.round((300 + 0.2 * i) * (i >= days - 21 ? 0.6 : 1)) },
  };
  const baseSize = (s: (i: number) => number) => s(0);
  const members = ['lists.net_growth', 'list.key', 'list.name', 'segments.net_growth', 'segment.key', 'segment.name'];
  const rows = (q: MetricsRequest): Row[] => {
    const kind = q.measures?.[0] === 'lists.net_growth' ? 'list' : 'segment';
    const out: Row[] = [];
    for (const [name, s] of Object.entries(series)) {
      if (s.kind !== kind) continue;
      const key = `klaviyo:${name}`;
      if (q.timeDimension?.granularity !== 'day') {
        out.push({ [`${kind}.key`]: key, [`${kind}.name`]: name, [q.measures?.[0] as string]: baseSize(s.size) });
        continue;
      }
      for (let i = 1; i < days; i += 1) {
        const net = s.size(i) - s.size(i - 1);
        if (net !== 0) {
          out.push({
            [`${kind}.key`]: key,
            [`${kind}.name`]: name,
            'date.day': addDays(from, i),
            [q.measures?.[0] as string]: net,
          });
        }
      }
    }
    return out;
  };

  it('flags the shrinking list and the segment that dropped, not growth or a monthly cycle', async () => {
    const ctx = context(members, rows);
    const findings = await listGrowth.analyze(ctx, new Set(['net_shrinkage', 'sudden_change']));
    const got = findings.map((f) => `${f.rule}:${f.entity.label}`).sort();
    expect(got).toEqual(['net_shrinkage:shrinking', 'sudden_change:dropped']);
    const shrink = findings.find((f) => f.rule === 'net_shrinkage');
    // 90 days of −3 a day
    expect(shrink?.evidence.numbers.net_change_90d).toBe(-270);
    expect(shrink?.evidence.numbers.size_now).toBe(series.shrinking?.size(days - 1));
    const drop = findings.find((f) => f.rule === 'sudden_change');
    expect(drop?.evidence.numbers.weekly_change).toBeLessThan(-0.35);
    // No email members in scope: no revenue estimate.
    expect(findings.every((f) => f.impact === null)).toBe(true);
  });

  it('reads only the kinds the scope can see', async () => {
    const ctx = context(members.slice(0, 3), rows);
    const findings = await listGrowth.analyze(ctx, new Set(['net_shrinkage']));
    expect(findings.map((f) => f.entity.label)).toEqual(['shrinking']);
    expect(ctx.queries.every((q) => q.measures?.[0] === 'lists.net_growth')).toBe(true);
  });
});

describe('creative', () => {
  const members = [
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
  ];
  // Expected clicks (no noise): 1 000 impressions a day at 1 % CTR; `ctr(d)` multiplies it, d = 0 the last day.
  interface Ad {
    campaign: string;
    ctr: (d: number) => number;
    frequency: (d: number) => number;
  }
  const run =
    (ads: Record<string, Ad>) =>
    (q: MetricsRequest): Row[] => {
      const [from, to] = (q.timeDimension?.dateRange ?? [END, END]) as [string, string];
      const out: Row[] = [];
      for (const [id, a] of Object.entries(ads)) {
        for (let day = from; day <= to; day = addDays(day, 1)) {
          const d = Math.round((Date.parse(END) - Date.parse(day)) / 86_400_000);
          const imp = 1000;
          const row: Row = {
            'ad.id': id,
            'ad.name': `Ad ${id}`,
            'campaign.id': a.campaign,
            'date.day': day,
            'ad_performance.impressions': imp,
            'ad_performance.clicks': imp * 0.01 * a.ctr(d),
            'ad_performance.spend': 10,
          };
          if (q.dimensions?.includes('device.code')) {
            row['device.code'] = 'mobile';
            row['ad_performance.reach'] = imp / a.frequency(d);
          }
          out.push(row);
        }
      }
      return out;
    };
  // Over the last 14 days (d = 13 … 0) the ramp goes from 1/14 to 1.
  const ramp = (to: number) => (d: number) => (d > 13 ? 1 : 1 - (1 - to) * ((14 - d) / 14));
  const flat = () => 1;

  it('flags an ad whose CTR falls while its frequency rises, relative to its campaign', async () => {
    const ads: Record<string, Ad> = {
      fatigued: { campaign: 'c1', ctr: ramp(0.55), frequency: ramp(2.4) },
      saturating: { campaign: 'c1', ctr: flat, frequency: ramp(2.4) },
      dipping: { campaign: 'c2', ctr: ramp(0.55), frequency: flat },
      peer: { campaign: 'c1', ctr: flat, frequency: flat },
    };
    const findings = await creative.analyze(context(members, run(ads)), new Set(['ad_fatigue']));
    expect(findings.map((f) => f.entity.value)).toEqual(['fatigued']);
    const f = findings[0];
    // Log-linear fit of a linear ramp from 1 to 0.55: close to −45 %, well past −25 %.
    expect(f?.evidence.numbers.ctr_change).toBeLessThan(-0.4);
    expect(f?.evidence.numbers.frequency_now as number).toBeGreaterThan(
      2 * (f?.evidence.numbers.frequency_before as number),
    );
    expect(f?.impact).toBeGreaterThan(0);
  });

  it('does not call a CTR dip that every ad of the campaign shares fatigue', async () => {
    const ads: Record<string, Ad> = {
      rising: { campaign: 'c1', ctr: ramp(0.55), frequency: ramp(2.4) },
      peerA: { campaign: 'c1', ctr: ramp(0.55), frequency: flat },
      peerB: { campaign: 'c1', ctr: ramp(0.55), frequency: flat },
    };
    expect(await creative.analyze(context(members, run(ads)), new Set(['ad_fatigue']))).toEqual([]);
  });
});
