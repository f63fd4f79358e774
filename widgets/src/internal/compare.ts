/**
 * Reads the comparison (previous period) value of a measure from a metrics response. One place, so the widgets
 * follow the wire format when it changes.
 */
import type { MetricsResponse, MetricsValue } from './wire.js';

export function compareValue(response: MetricsResponse, measure: string, rowIndex = 0): MetricsValue | undefined {
  const fromBlock = response.compare?.rows?.[rowIndex]?.[measure];
  if (fromBlock !== undefined) return fromBlock;
  const row = response.rows[rowIndex];
  return row?.[`${measure}__compare`] ?? row?.[`compare.${measure}`];
}
