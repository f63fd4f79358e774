/**
 * `GET /api/v1/alerts`: anomalies on each tenant's daily KPIs, read through the semantic layer (so the token's tenant,
 * locked filters and allowed members apply), detected with `detectSeries` and annotated with the setting changes of
 * the 3 days before each alert.
 */
import { MiqError } from '../../errors/index.js';
import type { TenantScope } from '../../semantic/scope.js';
import type { MetricsRequest, MetricsResponse } from '../../wire/index.js';
import type { QueryFn } from '../ask.js';
import { todayIn } from '../query/context.js';
import type { Alert, AlertsResponse } from '../schemas.js';
import { detectSeries, median } from './detect.js';

export interface Kpi {
  readonly id: string;
  readonly title: string;
  /** Summed per day (email revenue = campaigns + flows). */
  readonly members: readonly string[];
  readonly platform?: string;
  /** Smallest expected daily value worth alerting on. */
  readonly minVolume: number;
  /** For ratios: the volume KPI whose weekday baseline must reach its own minimum. */
  readonly guard?: string;
}

export const KPIS: readonly Kpi[] = [
  { id: 'spend', title: 'Spend', members: ['ads.spend'], minVolume: 20 },
  { id: 'spend:google_ads', title: 'Google Ads spend', members: ['ads.spend'], platform: 'google_ads', minVolume: 20 },
  { id: 'spend:meta', title: 'Meta spend', members: ['ads.spend'], platform: 'meta', minVolume: 20 },
  { id: 'clicks', title: 'Clicks', members: ['ads.clicks'], minVolume: 50 },
  { id: 'conversions', title: 'Conversions', members: ['ads.conversions'], minVolume: 10 },
  { id: 'cpa', title: 'CPA', members: ['ads.cpa'], minVolume: 0, guard: 'conversions' },
  { id: 'roas', title: 'ROAS', members: ['ads.roas'], minVolume: 0, guard: 'conversions' },
  { id: 'sessions', title: 'Sessions', members: ['ga4.sessions'], minVolume: 100 },
  {
    id: 'email_revenue',
    title: 'Email revenue',
    members: ['email_campaigns.revenue', 'email_flows.revenue'],
    minVolume: 50,
  },
];

export interface SettingChange {
  readonly date: string;
  readonly kind: string;
  readonly entity: string;
  readonly detail: string;
}

/** Setting changes (budget, bidding, campaign, ad group) in `[from, to]`, from the history facts when available. */
export type ChangeSource = (scope: TenantScope, from: string, to: string) => Promise<readonly SettingChange[]>;

export interface AlertOptions {
  /** Robust z threshold, 2…10 (default 4). */
  readonly sensitivity?: number;
  /** Days evaluated, ending yesterday in the tenant's time zone (default 90). */
  readonly days?: number;
  readonly now: Date;
  readonly signal?: AbortSignal;
}

const WEEKS = 6;
const SCALE_DAYS = 56;
const MIN_RELATIVE = 0.25;
export const DEFAULT_SENSITIVITY = 4;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function dateList(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

function weekdayBaseline(values: readonly (number | null)[], t: number): number {
  const prior: number[] = [];
  for (let j = 1; j <= WEEKS; j += 1) {
    const v = values[t - 7 * j];
    if (v !== null && v !== undefined) prior.push(v);
  }
  return prior.length === 0 ? 0 : median(prior);
}

export function createAlerter(deps: { readonly query: QueryFn; readonly changes?: ChangeSource }) {
  async function series(
    kpi: Kpi,
    scope: TenantScope,
    range: [string, string],
    days: readonly string[],
    options: AlertOptions,
  ): Promise<(number | null)[] | null> {
    const allowed = (m: string) => scope.allowedMembers === undefined || scope.allowedMembers.has(m);
    if (!kpi.members.every(allowed)) return null;
    const sums = new Map<string, number | null>();
    for (const member of kpi.members) {
      const body: MetricsRequest = {
        measures: [member],
        timeDimension: { dimension: 'date.day', granularity: 'day', dateRange: range },
        ...(kpi.platform ? { filters: [{ member: 'platform.code', operator: 'equals', values: [kpi.platform] }] } : {}),
        limit: 50_000,
      };
      let res: MetricsResponse;
      try {
        res = await deps.query(body, scope, {
          now: options.now,
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } catch (error) {
        // A fact the token's locks cannot reach (or a member it may not use) has no alerts for this token.
        if (error instanceof MiqError && (error.status === 403 || error.status === 400)) return null;
        throw error;
      }
      for (const row of res.rows) {
        const day = String(row['date.day']).slice(0, 10);
        const v = row[member];
        const prev = sums.get(day);
        sums.set(day, typeof v === 'number' ? (prev ?? 0) + v : (prev ?? null));
      }
    }
    const ratio = kpi.guard !== undefined;
    return days.map((d) => (sums.has(d) ? (sums.get(d) ?? null) : ratio ? null : 0));
  }

  async function alerts(scope: TenantScope, options: AlertOptions): Promise<AlertsResponse> {
    const sensitivity = options.sensitivity ?? DEFAULT_SENSITIVITY;
    const windowDays = options.days ?? 90;
    const end = addDays(todayIn(scope.timeZone, options.now), -1);
    const windowStart = addDays(end, -(windowDays - 1));
    const start = addDays(windowStart, -(7 * WEEKS + SCALE_DAYS));
    const days = dateList(start, end);
    const fromIndex = days.indexOf(windowStart);
    const byId = new Map<string, (number | null)[] | null>();
    for (const kpi of KPIS) byId.set(kpi.id, await series(kpi, scope, [start, end], days, options));
    const found: Omit<Alert, 'changes'>[] = [];
    for (const kpi of KPIS) {
      const values = byId.get(kpi.id);
      if (!values || values.every((v) => v === null || v === 0)) continue;
      const guard = kpi.guard ? byId.get(kpi.guard) : undefined;
      const guardMin = KPIS.find((k) => k.id === kpi.guard)?.minVolume ?? 0;
      for (const d of detectSeries(values, {
        sensitivity,
        minRelative: MIN_RELATIVE,
        minVolume: kpi.minVolume,
        weeks: WEEKS,
        scaleDays: SCALE_DAYS,
        fromIndex,
      })) {
        if (guard && weekdayBaseline(guard, d.index) < guardMin) continue;
        const abs = Math.abs(d.score);
        found.push({
          id: `${kpi.id}:${days[d.index]}`,
          kpi: kpi.id,
          member: kpi.members.join('+'),
          date: days[d.index] as string,
          value: round(d.value),
          expected: round(d.expected),
          relativeChange: round(d.relativeChange),
          score: round(d.score),
          direction: d.relativeChange >= 0 ? 'up' : 'down',
          severity: abs >= 8 || Math.abs(d.relativeChange) >= 0.5 ? 'high' : abs >= 5 ? 'medium' : 'low',
        });
      }
    }
    const changes = deps.changes && found.length > 0 ? await deps.changes(scope, addDays(windowStart, -3), end) : [];
    const out: Alert[] = found
      .map((a) => ({
        ...a,
        changes: changes.filter((c) => c.date >= addDays(a.date, -3) && c.date < a.date).map((c) => ({ ...c })),
      }))
      .sort((a, b) => (a.date === b.date ? Math.abs(b.score) - Math.abs(a.score) : a.date < b.date ? 1 : -1));
    return { alerts: out, window: [windowStart, end], sensitivity };
  }

  return { alerts };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
export type Alerter = ReturnType<typeof createAlerter>;

/** The history facts whose `<fact>.changes` count setting changes per campaign and day. */
export const CHANGE_FACTS = [
  ['budget_changes', 'budget'],
  ['bidding_changes', 'bidding'],
  ['campaign_changes', 'campaign setting'],
  ['ad_group_changes', 'ad group setting'],
] as const;

/**
 * A `ChangeSource` over the history facts through the semantic layer (so locks apply): one query per fact, campaigns
 * with at least one change per day. A fact the catalog or the token's scope lacks is skipped.
 */
export function semanticChangeSource(query: QueryFn): ChangeSource {
  return async (scope, from, to) => {
    const out: SettingChange[] = [];
    for (const [fact, kind] of CHANGE_FACTS) {
      const member = `${fact}.changes`;
      if (scope.allowedMembers !== undefined && !scope.allowedMembers.has(member)) continue;
      try {
        const res = await query(
          {
            measures: [member],
            dimensions: ['campaign.name'],
            timeDimension: { dimension: 'date.day', granularity: 'day', dateRange: [from, to] },
            filters: [{ member, operator: 'gt', values: [0] }],
            limit: 5000,
          },
          scope,
        );
        for (const row of res.rows) {
          const n = row[member];
          out.push({
            date: String(row['date.day']).slice(0, 10),
            kind,
            entity: String(row['campaign.name']),
            detail: `${typeof n === 'number' ? n : 1} ${kind} change${n === 1 ? '' : 's'}`,
          });
        }
      } catch (error) {
        if (error instanceof MiqError && (error.status === 400 || error.status === 403)) continue;
        throw error;
      }
    }
    return out;
  };
}
