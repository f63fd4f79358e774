/**
 * Reads comparison values from a metrics response. With `compare`, the API adds `<measure>.previous` (the value in
 * the comparison period) and `<measure>.change` (relative change, null when previous is 0 or null) to each row.
 */
import type { MetricsResponse, MetricsValue } from './wire.js';

export function compareValue(response: MetricsResponse, measure: string, rowIndex = 0): MetricsValue | undefined {
  return response.rows[rowIndex]?.[`${measure}.previous`];
}

export function changeValue(response: MetricsResponse, measure: string, rowIndex = 0): number | null {
  const v = response.rows[rowIndex]?.[`${measure}.change`];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Keys the API adds for comparisons; not columns of their own in tables and CSVs. */
export function isCompareKey(key: string): boolean {
  return /\.(previous|change)$/.test(key) && key.split('.').length === 3;
}
