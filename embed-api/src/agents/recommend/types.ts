import type { TenantScope } from '../../semantic/scope.js';
import type { MetricsRequest, MetricsResponse, Row } from '../../wire/index.js';
import type { Finding } from '../schemas.js';

export interface AnalyzerContext {
  readonly scope: TenantScope;
  readonly now: Date;
  /** Yesterday in the tenant's time zone: the last complete day. */
  readonly end: string;
  readonly members: ReadonlySet<string>;
  run(query: MetricsRequest): Promise<MetricsResponse>;
  money(value: number): string;
}

export interface Analyzer {
  /** The agent dashboard id (DASHBOARDS.md). */
  readonly id: string;
  /** Rules, each with the members it needs: a rule whose members are missing is reported as unavailable. */
  readonly rules: readonly { readonly id: string; readonly members: readonly string[] }[];
  analyze(ctx: AnalyzerContext, available: ReadonlySet<string>): Promise<Finding[]>;
}

export const num = (row: Row | undefined, key: string): number => {
  const v = row?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
};

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return Number.NaN;
  return n % 2 ? (s[(n - 1) / 2] as number) : ((s[n / 2 - 1] as number) + (s[n / 2] as number)) / 2;
}

export const round2 = (x: number) => Math.round(x * 100) / 100;
export const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

export function finding(f: Omit<Finding, 'currency' | 'id'> & { readonly id?: string }, ctx: AnalyzerContext): Finding {
  return {
    ...f,
    id: f.id ?? `${f.agent}:${f.rule}:${f.entity.value}`,
    impact: f.impact === null ? null : round2(f.impact),
    currency: ctx.scope.reportingCurrency,
  };
}
