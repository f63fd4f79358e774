/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`), done in UTC milliseconds so no host time zone leaks in, and the
 * relative date ranges of the metrics query, resolved against "today" in the tenant's time zone.
 */
import type { Granularity } from '../../wire/index.js';

const DAY_MS = 86_400_000;

export type IsoDate = string;
export type DateRangeTuple = readonly [IsoDate, IsoDate];

export function isValidIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2200) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const toMs = (d: IsoDate): number => Date.parse(`${d}T00:00:00Z`);
const fromMs = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);

export function addDays(d: IsoDate, n: number): IsoDate {
  return fromMs(toMs(d) + n * DAY_MS);
}

/** Adds months, clamping the day to the target month's length (Mar 31 − 1 month = Feb 28/29). */
export function addMonths(d: IsoDate, n: number): IsoDate {
  const date = new Date(toMs(d));
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + n;
  const target = new Date(Date.UTC(y, m, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return fromMs(target.getTime());
}

/** The first day of the bucket that contains `d` (weeks start on Monday, as DuckDB's and Snowflake's date_trunc). */
export function truncDate(g: Granularity, d: IsoDate): IsoDate {
  const date = new Date(toMs(d));
  switch (g) {
    case 'day':
      return d;
    case 'week':
      return addDays(d, -((date.getUTCDay() + 6) % 7));
    case 'month':
      return d.slice(0, 8) + '01';
    case 'quarter':
      return `${d.slice(0, 5)}${String(Math.floor(date.getUTCMonth() / 3) * 3 + 1).padStart(2, '0')}-01`;
    case 'year':
      return `${d.slice(0, 4)}-01-01`;
  }
}

/** How many buckets of `g` lie between the bucket of `start` and `bucket` (0 for the first). */
export function bucketOrdinal(g: Granularity, start: IsoDate, bucket: IsoDate): number {
  const a = truncDate(g, start);
  const b = truncDate(g, bucket);
  if (g === 'day' || g === 'week') return Math.round((toMs(b) - toMs(a)) / DAY_MS / (g === 'week' ? 7 : 1));
  const months = (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
  return g === 'month' ? months : g === 'quarter' ? Math.round(months / 3) : Math.round(months / 12);
}

export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toMs(b) - toMs(a)) / DAY_MS);
}

/** Today's date in an IANA time zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

let lastToday: { key: string; value: IsoDate } | undefined;

export function todayIn(timeZone: string, now: Date): IsoDate {
  // Formatting is the slowest step of compiling a query; the answer only changes once a minute at most.
  const key = `${timeZone}|${Math.floor(now.getTime() / 60_000)}`;
  if (lastToday?.key === key) return lastToday.value;
  const value = formatToday(timeZone, now);
  lastToday = { key, value };
  return value;
}

function formatToday(timeZone: string, now: Date): IsoDate {
  const parts = formatterFor(timeZone)
    .formatToParts(now)
    .reduce<Record<string, string>>((acc, p) => {
      acc[p.type] = p.value;
      return acc;
    }, {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const UNIT: Record<string, Granularity> = {
  day: 'day',
  days: 'day',
  week: 'week',
  weeks: 'week',
  month: 'month',
  months: 'month',
  quarter: 'quarter',
  quarters: 'quarter',
  year: 'year',
  years: 'year',
};

function shift(g: Granularity, d: IsoDate, n: number): IsoDate {
  switch (g) {
    case 'day':
      return addDays(d, n);
    case 'week':
      return addDays(d, 7 * n);
    case 'month':
      return addMonths(d, n);
    case 'quarter':
      return addMonths(d, 3 * n);
    case 'year':
      return addMonths(d, 12 * n);
  }
}

/**
 * Resolves a relative range against `today`; null when the text is not one we know.
 * `last N days` = the N complete days before today; `this month` = month to date (today included);
 * `last month` = the previous calendar month; `N days ago` = that single day.
 */
export function resolveRelativeRange(text: string, today: IsoDate): DateRangeTuple | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (t === 'today') return [today, today];
  if (t === 'yesterday') return [addDays(today, -1), addDays(today, -1)];
  let m = /^(this|last|previous) (day|week|month|quarter|year)$/.exec(t);
  if (m) {
    const g = UNIT[m[2] as string] as Granularity;
    const start = truncDate(g, today);
    if (m[1] === 'this') return [start, today];
    const prevStart = shift(g, start, -1);
    return [prevStart, addDays(start, -1)];
  }
  m = /^(?:last|past|previous) (\d{1,4}) (days?|weeks?|months?|quarters?|years?)$/.exec(t);
  if (m) {
    const n = Number(m[1]);
    const g = UNIT[m[2] as string] as Granularity;
    if (n < 1) return null;
    if (g === 'day') return [addDays(today, -n), addDays(today, -1)];
    const start = truncDate(g, today);
    return [shift(g, start, -n), addDays(start, -1)];
  }
  m = /^(\d{1,4}) days? ago$/.exec(t);
  if (m) {
    const d = addDays(today, -Number(m[1]));
    return [d, d];
  }
  return null;
}

/** The period of the same length immediately before `range`. */
export function previousPeriod(range: DateRangeTuple): DateRangeTuple {
  // Whole calendar months (e.g. "last month", a quarter) compare with the same number of whole months before.
  if (range[0].endsWith('-01') && addDays(range[1], 1).endsWith('-01')) {
    const months = bucketOrdinal('month', range[0], addDays(range[1], 1));
    return [addMonths(range[0], -months), addDays(range[0], -1)];
  }
  const len = daysBetween(range[0], range[1]) + 1;
  return [addDays(range[0], -len), addDays(range[0], -1)];
}

/** The same dates one year earlier (Feb 29 → Feb 28). */
export function previousYear(range: DateRangeTuple): DateRangeTuple {
  return [addMonths(range[0], -12), addMonths(range[1], -12)];
}
