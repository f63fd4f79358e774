/**
 * An independent reference for panel tests: plain SQL over a tenant's raw Fivetran tables (`raw.duckdb`) that
 * computes what a metrics query should return, without the marts or the semantic layer.
 *
 * @example
 * await createReferenceTables(conn, LOOKUPS); // conn has `raw.duckdb` attached as `raw`
 * const rows = await expectedRows(conn, { measures: ['ads.clicks'], dimensions: ['device.name'] }, from, to);
 */
export { createReferenceTables, expectedRows, type RefQuery, type RefRow, unsupportedMembers } from './expected.js';
export { LOOKUPS } from './facts-part1.js';
export { FACTS, MEASURES } from './members.js';
export { RAW_CAMPAIGN_NAMES } from './names.js';
