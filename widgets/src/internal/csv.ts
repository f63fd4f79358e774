/**
 * CSV (RFC 4180) of a metrics response: one column per member, titled from the annotation, raw values (not localised)
 * so spreadsheets read numbers as numbers. Text cells that a spreadsheet would run as a formula are prefixed with `'`.
 */
import { isCompareKey } from './compare.js';
import type { MemberAnnotation, MetricsRow } from './wire.js';

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(
  rows: readonly MetricsRow[],
  members: readonly string[],
  annotation: Readonly<Record<string, MemberAnnotation>>,
): string {
  const lines = [members.map((m) => cell(annotation[m]?.title ?? m)).join(',')];
  for (const row of rows) lines.push(members.map((m) => cell(row[m])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Member names in display order: dimensions, the time dimension, then measures, then anything else the rows carry. */
export function membersOf(
  rows: readonly MetricsRow[],
  query: { dimensions?: readonly string[]; measures?: readonly string[]; timeDimension?: { dimension: string } },
): string[] {
  const ordered = [
    ...(query.timeDimension && rows[0] && query.timeDimension.dimension in rows[0]
      ? [query.timeDimension.dimension]
      : []),
    ...(query.dimensions ?? []),
    ...(query.measures ?? []),
  ];
  const seen = new Set(ordered);
  for (const key of Object.keys(rows[0] ?? {})) if (!seen.has(key) && !isCompareKey(key)) ordered.push(key);
  return [...new Set(ordered)];
}

/** Saves text or a data URL as a file through a temporary link (no inline script, CSP-safe). */
export function download(filename: string, data: string, mime: string): void {
  const href = data.startsWith('data:') ? data : URL.createObjectURL(new Blob([data], { type: mime }));
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  if (!data.startsWith('data:')) setTimeout(() => URL.revokeObjectURL(href), 1000);
}
