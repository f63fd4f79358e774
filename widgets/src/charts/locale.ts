/**
 * A Vega locale (d3-format number + d3-time-format time definitions) derived from `Intl`, so axis labels use the
 * widget's locale: separators, currency symbol placement, month and day names.
 *
 * @example
 * vegaLocale('de-DE', 'EUR').number // { decimal: ',', thousands: '.', grouping: [3], currency: ['', ' €'] }
 */
export interface VegaLocale {
  readonly number: {
    readonly decimal: string;
    readonly thousands: string;
    readonly grouping: readonly number[];
    readonly currency: readonly [string, string];
  };
  readonly time: {
    readonly dateTime: string;
    readonly date: string;
    readonly time: string;
    readonly periods: readonly [string, string];
    readonly days: readonly string[];
    readonly shortDays: readonly string[];
    readonly months: readonly string[];
    readonly shortMonths: readonly string[];
  };
}

const cache = new Map<string, VegaLocale>();

function numberLocale(locale: string, currency: string): VegaLocale['number'] {
  const parts = new Intl.NumberFormat(locale, { style: 'currency', currency }).formatToParts(1234567.5);
  const type = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const ci = parts.findIndex((p) => p.type === 'currency');
  const first = parts.findIndex((p) => p.type === 'integer');
  const last = parts.findLastIndex((p) => p.type === 'fraction' || p.type === 'integer');
  const around = (from: number, to: number) =>
    parts
      .slice(from, to)
      .map((p) => p.value)
      .join('');
  const currencyPair: [string, string] = ci < first ? [around(ci, first), ''] : ['', around(last + 1, ci + 1)];
  return { decimal: type('decimal') || '.', thousands: type('group') || ',', grouping: [3], currency: currencyPair };
}

function timeLocale(locale: string): VegaLocale['time'] {
  // one formatter per option set: Intl constructors are the slow part
  const formatters = new Map<string, Intl.DateTimeFormat>();
  const fmt = (options: Intl.DateTimeFormatOptions, d: Date) => {
    const key = JSON.stringify(options);
    let f = formatters.get(key);
    if (!f) {
      f = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
      formatters.set(key, f);
    }
    return f.format(d);
  };
  // 2026-11-22 is a Sunday: d3 wants Sunday first
  const days = Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2026, 10, 22 + i)));
  const months = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2026, i, 15)));
  const datePattern = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: 'UTC',
  })
    .formatToParts(new Date(Date.UTC(2026, 0, 5)))
    .map((p) =>
      p.type === 'day' ? '%d' : p.type === 'month' ? '%m' : p.type === 'year' ? '%Y' : p.value.replace(/%/g, '%%'),
    )
    .join('');
  const hour12 = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hour12 === true;
  const periodFormat = new Intl.DateTimeFormat(locale, { hour: 'numeric', hour12: true, timeZone: 'UTC' });
  const dayPeriod = (h: number) =>
    periodFormat.formatToParts(new Date(Date.UTC(2026, 0, 1, h))).find((p) => p.type === 'dayPeriod')?.value ??
    (h < 12 ? 'AM' : 'PM');
  return {
    dateTime: `${datePattern}, ${hour12 ? '%I:%M:%S %p' : '%H:%M:%S'}`,
    date: datePattern,
    time: hour12 ? '%I:%M:%S %p' : '%H:%M:%S',
    periods: [dayPeriod(9), dayPeriod(15)],
    days: days.map((d) => fmt({ weekday: 'long' }, d)),
    shortDays: days.map((d) => fmt({ weekday: 'short' }, d)),
    months: months.map((d) => fmt({ month: 'long' }, d)),
    shortMonths: months.map((d) => fmt({ month: 'short' }, d)),
  };
}

export function vegaLocale(locale: string, currency = 'USD'): VegaLocale {
  const key = `${locale}|${currency}`;
  let found = cache.get(key);
  if (!found) {
    found = { number: numberLocale(locale, currency), time: timeLocale(locale) };
    cache.set(key, found);
  }
  return found;
}
