/**
 * Turns a metrics response into the agent's answer: one sentence with the key number (formatted with Intl in the
 * tenant's reporting currency) and a suggested Vega-Lite chart whose data is the answer's rows.
 */
import type { Annotation, MetricsRequest, MetricsResponse, Row } from '../../wire/index.js';
import { grainPhrase } from './vocabulary.js';

export function formatValue(value: unknown, ann: Annotation | undefined, currency: string, locale = 'en-US'): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'n/a';
  switch (ann?.format) {
    case 'currency':
      return new Intl.NumberFormat(locale, { style: 'currency', currency: ann.currency ?? currency }).format(value);
    case 'percent':
      return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(value);
    case 'integer':
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
    case 'duration':
      return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)} s`;
    default:
      return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
  }
}

function changeText(row: Row, measure: string, mode: string | undefined): string {
  const change = row[`${measure}.change`];
  if (typeof change !== 'number' || mode === undefined) return '';
  const pct = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1, signDisplay: 'always' });
  return ` (${pct.format(change)} vs the ${mode === 'previous_year' ? 'same period last year' : 'previous period'})`;
}

function periodText(res: MetricsResponse): string {
  const range = res.query.timeDimension?.dateRange;
  const rel = res.query.timeDimension?.relativeRange;
  if (!range) return '';
  return rel ? ` for ${rel} (${range[0]} to ${range[1]})` : ` from ${range[0]} to ${range[1]}`;
}

/**
 * A measure valid only at its grain (reach: unique people per day and campaign) has no total: the sentence says the
 * figures are per that grain and names the largest one (the first row when the question ranked them).
 */
function grainSentence(
  req: MetricsRequest,
  res: MetricsResponse,
  currency: string,
  measure: string,
  grain: readonly string[],
): string {
  const ann = res.annotation[measure];
  const title = ann?.title ?? measure;
  const per = `${title} is per ${grainPhrase(grain)} only (unique people do not add up, so there is no total)`;
  const period = periodText(res);
  if (res.rows.length === 0) return `${per}: no data${period}.`;
  const value = (r: Row) => (typeof r[measure] === 'number' ? (r[measure] as number) : Number.NEGATIVE_INFINITY);
  const ranked = req.order?.[0]?.[0] === measure ? req.order[0][1] : undefined;
  const row = ranked ? (res.rows[0] as Row) : res.rows.reduce((a, b) => (value(b) > value(a) ? b : a));
  const which = ranked === 'asc' ? 'lowest' : 'highest';
  // Label the row by its names, not by the keys they stand for (`campaign.name`, not also `campaign.id`).
  const dims = req.dimensions ?? [];
  const named = dims.filter(
    (d) => !(grain.includes(d) && dims.some((x) => x !== d && x.split('.')[0] === d.split('.')[0])),
  );
  const label = named.map((d) => String(row[d] ?? 'n/a')).join(' / ');
  const time = grain.find((g) => g.startsWith('date.'));
  const when = time && row[time] !== undefined ? ` on ${String(row[time])}` : '';
  return `${per}${period}: ${res.rows.length} row${res.rows.length === 1 ? '' : 's'}, the ${which} ${label}${when} at ${formatValue(row[measure], ann, currency)}.`;
}

/**
 * One sentence with the key number; never a number that is not in the rows. `grain` gives the members a measure is
 * valid at (empty when it adds up), so a reach answer says its figures are per day and campaign.
 */
export function answerSentence(
  req: MetricsRequest,
  res: MetricsResponse,
  currency: string,
  grain: (measure: string) => readonly string[] = () => [],
): string {
  const measure = (req.measures ?? [])[0] as string;
  const grained = (req.measures ?? []).find((m) => grain(m).length > 0);
  if (grained) return grainSentence(req, res, currency, grained, grain(grained));
  const ann = res.annotation[measure];
  const title = ann?.title ?? measure;
  const period = periodText(res);
  if (res.rows.length === 0) return `No data for ${title.toLowerCase()}${period}.`;
  const dims = req.dimensions ?? [];
  const granularity = req.timeDimension?.granularity;
  if (dims.length === 0 && !granularity) {
    const row = res.rows[0] as Row;
    return `${title} was ${formatValue(row[measure], ann, currency)}${period}${changeText(row, measure, req.compare)}.`;
  }
  if (dims.length === 0 && granularity) {
    const row = res.rows.at(-1) as Row;
    const key = `date.${granularity}`;
    return `${title} by ${granularity}${period}: ${res.rows.length} ${granularity}s, the latest (${String(row[key])}) at ${formatValue(row[measure], ann, currency)}${changeText(row, measure, req.compare)}.`;
  }
  const orderBy = req.order?.[0]?.[0] ?? measure;
  const keyAnn = res.annotation[orderBy];
  const first = res.rows[0] as Row;
  const label = dims.map((d) => String(first[d] ?? 'n/a')).join(' / ');
  const dimTitle = res.annotation[dims[0] as string]?.title ?? dims[0];
  return `${label} ${res.rows.length > 1 ? 'leads' : 'is the only match'} with ${(keyAnn?.title ?? orderBy).toLowerCase()} of ${formatValue(first[orderBy], keyAnn, currency)}${period} (${res.rows.length} ${String(dimTitle).toLowerCase()} value${res.rows.length === 1 ? '' : 's'} shown).`;
}

/** Vega-Lite field names with dots must be escaped, or they read nested objects. */
const field = (member: string) => member.replace(/\./g, '\\.');

/** A suggested chart: line over time, bars per dimension value, null for a single number. */
export function suggestChart(req: MetricsRequest, res: MetricsResponse): Record<string, unknown> | null {
  const measure = (req.measures ?? [])[0] as string;
  const dims = req.dimensions ?? [];
  const granularity = req.timeDimension?.granularity;
  const title = res.annotation[measure]?.title ?? measure;
  const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', data: { name: 'rows' } };
  if (granularity) {
    return {
      ...base,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: field(`date.${granularity}`), type: 'temporal', title: granularity },
        y: { field: field(measure), type: 'quantitative', title },
        ...(dims[0] ? { color: { field: field(dims[0]), type: 'nominal' } } : {}),
      },
    };
  }
  if (dims.length > 0) {
    const dim = dims[0] as string;
    return {
      ...base,
      mark: 'bar',
      encoding: {
        y: { field: field(dim), type: 'nominal', sort: '-x', title: res.annotation[dim]?.title ?? dim },
        x: { field: field(measure), type: 'quantitative', title },
      },
    };
  }
  return null;
}
