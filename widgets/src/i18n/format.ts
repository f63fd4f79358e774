/**
 * Value formatting through `Intl`, driven by the API's member annotations (format + currency).
 *
 * @example
 * formatValue(1234.5, { title: 'Spend', format: 'currency', currency: 'EUR' }, { locale: 'de-DE' }) // '1.234,50 €'
 */
import type { MemberAnnotation, MetricsValue } from '../internal/wire.js';

export interface FormatEnv {
  readonly locale: string;
  /** Fallback currency when the annotation names none. */
  readonly currency?: string;
  readonly timeZone?: string;
}

const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let nf = cache.get(key);
  if (!nf) {
    nf = new Intl.NumberFormat(locale, options);
    cache.set(key, nf);
  }
  return nf;
}

export function numberOptions(annotation: MemberAnnotation | undefined, env: FormatEnv): Intl.NumberFormatOptions {
  switch (annotation?.format) {
    case 'currency':
      return { style: 'currency', currency: annotation.currency ?? env.currency ?? 'USD' };
    case 'percent':
      return { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 2 };
    case 'integer':
      return { maximumFractionDigits: 0 };
    case 'duration':
      return { style: 'unit', unit: 'second', unitDisplay: 'short', maximumFractionDigits: 0 };
    default:
      return { maximumFractionDigits: 2 };
  }
}

/** Formats one cell or KPI value; `null` (e.g. a ratio over a zero denominator) prints as an en dash. */
export function formatValue(value: MetricsValue | undefined, annotation: MemberAnnotation | undefined, env: FormatEnv) {
  if (value === null || value === undefined || value === '') return '–';
  if (typeof value === 'number' || (annotation?.format && typeof value === 'string' && value.trim() !== '')) {
    const n = Number(value);
    if (Number.isFinite(n)) return numberFormat(env.locale, numberOptions(annotation, env)).format(n);
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value, env);
  return String(value);
}

/** A calendar date (`YYYY-MM-DD`) in the locale's medium form; the date is not shifted by time zones. */
export function formatDate(isoDay: string, env: FormatEnv): string {
  const [y, m, d] = isoDay.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(env.locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

/** The relative change `(current - previous) / previous`, or null when it is undefined. */
export function relativeChange(current: MetricsValue | undefined, previous: MetricsValue | undefined): number | null {
  const c = Number(current);
  const p = Number(previous);
  if (current === null || previous === null || current === undefined || previous === undefined) return null;
  if (!Number.isFinite(c) || !Number.isFinite(p) || p === 0) return null;
  return (c - p) / Math.abs(p);
}

/** A signed percentage (`+12.5 %` / `−3 %`) in the locale. */
export function formatDelta(change: number, locale: string): string {
  return numberFormat(locale, { style: 'percent', signDisplay: 'exceptZero', maximumFractionDigits: 1 }).format(change);
}

/** "2 hours ago" in the locale, from the most fitting unit. */
export function formatAgo(then: Date, now: Date, locale: string): string {
  const seconds = Math.round((then.getTime() - now.getTime()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(seconds, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86400), 'day');
}
