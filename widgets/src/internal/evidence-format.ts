/**
 * How the agents' numbers are shown. Findings carry named numbers (`evidence.numbers`: `cpa`, `open_rate`, `plays` …)
 * without a format, so the name decides, with the catalog's format of the member the number measures where there is
 * one (an anomaly's `value` / `expected`). Money is in the finding's (the tenant's reporting) currency.
 *
 * @example
 * formatEvidence('cpa', { cpa: 12.5 }, { locale: 'de-DE', currency: 'EUR' }) // '12,50 €'
 */
import type { MemberFormat } from './wire.js';

export type NumberKind = 'currency' | 'percent' | 'integer' | 'multiple' | 'number';

export interface EvidenceEnv {
  readonly locale: string;
  readonly currency: string;
  /** The catalog's format of the member the finding is about (anomalies: the KPI), if known. */
  readonly memberFormat?: MemberFormat | undefined;
}

/**
 * Name rules, first match wins: a rate, share or relative change is a percentage even when it names money
 * (`spend_share`, `weekly_change`); `net_change_90d` (members) is not a change ratio and stays a count.
 */
const RULES: readonly (readonly [RegExp, NumberKind])[] = [
  [/(^|_)(rate|share|change)$|(^|_)ctr(_|$)|^dropoff/, 'percent'],
  [/^ratio$/, 'multiple'],
  [/spend|cpa|budget|revenue|cost|projected|impact|(^|_)value$/, 'currency'],
  [/conversions|recipients|plays|clicks|sessions|impressions|(^|_)count$/, 'integer'],
];
/** Names whose kind is their subject's: an anomaly's actual and expected value, a previous value, a median. */
const RELATIVE = new Set(['value', 'expected', 'previous', 'median']);

function byName(name: string): NumberKind | null {
  for (const [re, kind] of RULES) if (re.test(name)) return kind;
  return null;
}

function fromFormat(format: MemberFormat | undefined): NumberKind | null {
  switch (format) {
    case 'currency':
    case 'percent':
    case 'integer':
      return format;
    case 'number':
    case 'duration':
      return 'number';
    default:
      return null;
  }
}

/** The kind of a metric's values: the catalog's format when known, else its name's (`cpa` → money). */
export function metricKind(name: string, memberFormat?: MemberFormat): NumberKind {
  return fromFormat(memberFormat) ?? byName(name) ?? 'number';
}

/** The kind of number `name` is, among the evidence `numbers`. */
export function evidenceKind(
  name: string,
  numbers: Readonly<Record<string, number>>,
  memberFormat?: MemberFormat,
): NumberKind {
  if (RELATIVE.has(name)) {
    const own = fromFormat(memberFormat);
    if (own) return own;
    // the first sibling with a kind of its own names the subject (`revenue_per_recipient` for `previous`)
    for (const other of Object.keys(numbers)) {
      if (RELATIVE.has(other)) continue;
      const kind = byName(other);
      if (kind) return kind;
    }
    return 'number';
  }
  return byName(name) ?? 'number';
}

const cache = new Map<string, Intl.NumberFormat>();
function nf(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

/** A number of the given kind in the locale (money in `env.currency`). */
export function formatKind(value: number, kind: NumberKind, env: Pick<EvidenceEnv, 'locale' | 'currency'>): string {
  switch (kind) {
    case 'currency':
      return nf(env.locale, { style: 'currency', currency: env.currency }).format(value);
    case 'percent':
      return nf(env.locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
    case 'integer':
      return nf(env.locale, { maximumFractionDigits: 0 }).format(value);
    case 'multiple':
      return `${nf(env.locale, { maximumFractionDigits: 2 }).format(value)}×`;
    default:
      return nf(env.locale, { maximumFractionDigits: 2 }).format(value);
  }
}

/** One evidence number, formatted by its kind. */
export function formatEvidence(name: string, numbers: Readonly<Record<string, number>>, env: EvidenceEnv): string {
  return formatKind(numbers[name] ?? Number.NaN, evidenceKind(name, numbers, env.memberFormat), env);
}

/** `month_to_date_spend` → `Month to date spend` (evidence names are API identifiers, in English). */
export function humanize(name: string): string {
  const words = name.replace(/[_:.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
