/**
 * A short text summary of a chart's data for screen readers: how many points, the highest and lowest value of the
 * first measure, and its total when the measure is additive-looking (currency or number).
 */
import { type FormatEnv, formatValue } from '../i18n/format.js';
import { msg } from '../i18n/messages.js';
import type { MetricsResponse } from '../internal/wire.js';

export function chartSummary(
  title: string,
  response: MetricsResponse,
  measure: string | undefined,
  label: string | undefined,
  env: FormatEnv,
): string {
  const rows = response.rows;
  if (!measure || rows.length === 0)
    return msg(env.locale, 'chartSummary', { title, count: rows.length, details: '' }).trim();
  const annotation = response.annotation[measure];
  const measureTitle = annotation?.title ?? measure;
  const numeric = rows.filter((r) => r[measure] !== null && Number.isFinite(Number(r[measure])));
  const details: string[] = [];
  if (numeric.length > 0) {
    let hi = numeric[0]!;
    let lo = numeric[0]!;
    for (const r of numeric) {
      if (Number(r[measure]) > Number(hi[measure])) hi = r;
      if (Number(r[measure]) < Number(lo[measure])) lo = r;
    }
    const name = (r: (typeof rows)[number]) =>
      formatValue(label ? r[label] : null, label ? response.annotation[label] : undefined, env);
    details.push(
      msg(env.locale, 'chartHighest', {
        measure: measureTitle,
        label: name(hi),
        value: formatValue(hi[measure], annotation, env),
      }),
    );
    details.push(msg(env.locale, 'chartLowest', { label: name(lo), value: formatValue(lo[measure], annotation, env) }));
    if (annotation?.format === 'currency' || annotation?.format === 'integer') {
      const total = numeric.reduce((s, r) => s + Number(r[measure]), 0);
      details.push(
        msg(env.locale, 'chartTotal', { measure: measureTitle, value: formatValue(total, annotation, env) }),
      );
    }
  }
  return msg(env.locale, 'chartSummary', { title, count: rows.length, details: details.join(' ') });
}
