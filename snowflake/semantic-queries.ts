/**
 * Compiles the semantic layer's example queries (the golden set, `embed-api/src/semantic/testing/examples.ts`, plus a
 * few extra queries for dialect traps) for Snowflake, and runs the DuckDB side through the API's own DuckDB warehouse.
 * Prints JSON: one entry per (tenant, query, role) with the Snowflake `{sql, parameters}` and the DuckDB rows shaped to
 * wire values, which `snowflake/test_semantic_parity.py` compares with the rows fakesnow returns for the Snowflake SQL.
 *
 *   node --import tsx snowflake/semantic-queries.ts --manifest M.json --warehouse-dir DIR --tenants a,b [--now ISO]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCatalog } from '../embed-api/src/semantic/catalog/load-catalog.js';
import type { TenantScope } from '../embed-api/src/semantic/scope.js';
import { createSemanticLayer } from '../embed-api/src/semantic/semantic-layer.js';
import { shapeRows, totalOf } from '../embed-api/src/semantic/shape.js';
import { EXAMPLE_NOW, EXAMPLES } from '../embed-api/src/semantic/testing/examples.js';
import { createDuckDbWarehouse } from '../embed-api/src/warehouse/duckdb/duckdb-warehouse.js';
import { TEST_DASHBOARD } from '../widgets/src/test/dashboard-fixture.js';

/** Beyond the golden set: quarter/year buckets, a relative month, string filters, a dimension-only query. */
export const EXTRA_QUERIES: Record<string, Record<string, unknown>> = {
  quarterlyByChannel: {
    measures: ['ga4.sessions', 'ga4.revenue', 'ga4.revenue_per_session'],
    dimensions: ['source_medium.channel_group'],
    timeDimension: { dimension: 'date.day', granularity: 'quarter', dateRange: ['2025-10-01', '2026-09-30'] },
  },
  yearlyEmail: {
    measures: ['email_flows.revenue', 'email_flows.open_rate', 'email_flows.delivered'],
    dimensions: ['email_flow.name'],
    timeDimension: { dimension: 'date.day', granularity: 'year', dateRange: ['2025-09-26', '2026-11-24'] },
  },
  thisMonthDaily: {
    measures: ['ads.spend', 'ads.cpc'],
    dimensions: ['device.code'],
    timeDimension: { dimension: 'date.day', granularity: 'day', dateRange: 'this month' },
  },
  conversionsFiltered: {
    measures: ['ga4_conversions.conversions', 'ga4_conversions.value'],
    dimensions: ['conversion_action.name', 'source_medium.medium'],
    timeDimension: { dimension: 'date.day', dateRange: ['2026-06-01', '2026-10-31'] },
    filters: [
      { member: 'source_medium.medium', operator: 'notEquals', values: ['(none)'] },
      { member: 'conversion_action.is_counted', operator: 'equals', values: [true] },
    ],
  },
  filterOptions: {
    dimensions: ['campaign.name', 'platform.code'],
    timeDimension: { dimension: 'date.day', dateRange: ['2026-10-01', '2026-10-31'] },
  },
};

const { values } = parseArgs({
  options: {
    manifest: { type: 'string' },
    'warehouse-dir': { type: 'string' },
    tenants: { type: 'string' },
    now: { type: 'string' },
    'time-zones': { type: 'string' },
  },
});
if (!values.manifest || !values['warehouse-dir'] || !values.tenants) {
  process.stderr.write('usage: semantic-queries.ts --manifest M.json --warehouse-dir DIR --tenants a,b [--now ISO]\n');
  process.exit(2);
}
const catalog = loadCatalog(JSON.parse(readFileSync(values.manifest, 'utf8')));
const now = values.now ? new Date(values.now) : EXAMPLE_NOW;
const tenantsFile = JSON.parse(readFileSync(new URL('../dbt/generator/tenants.json', import.meta.url), 'utf8')) as {
  tenants: { id: string; time_zone?: string; timezone?: string; reporting_currency?: string }[];
};
const duck = await createDuckDbWarehouse({ dataDir: resolve(values['warehouse-dir']), threads: 1 });
const layer = createSemanticLayer({ catalog, warehouse: duck, clock: () => now });
/**
 * Dashboard panels: the product's dashboard documents are not served yet (issue 10); until then the widgets' test
 * dashboard, each panel's query under the dashboard's date filter as the widgets send it.
 */
const PANEL_QUERIES: Record<string, Record<string, unknown>> = Object.fromEntries(
  TEST_DASHBOARD.panels.map((p) => [
    `panel:${TEST_DASHBOARD.id}/${p.id}`,
    { timeDimension: { dimension: 'date.day', dateRange: 'last 30 days' }, ...(p.query as Record<string, unknown>) },
  ]),
);
const queries: Record<string, Record<string, unknown>> = { ...EXAMPLES, ...EXTRA_QUERIES, ...PANEL_QUERIES };

const out: unknown[] = [];
for (const tenant of values.tenants.split(',')) {
  const t = tenantsFile.tenants.find((x) => x.id === tenant);
  if (!t) throw new Error(`unknown tenant ${tenant}`);
  const base: TenantScope = {
    tenantId: tenant,
    warehouseLocation: tenant,
    timeZone: t.time_zone ?? t.timezone ?? 'UTC',
    reportingCurrency: t.reporting_currency ?? 'USD',
    lockedFilters: {},
  };
  const snowScope: TenantScope = {
    ...base,
    warehouseLocation: `CLIENT_${tenant.toUpperCase().replaceAll('-', '_')}_DB`,
  };
  for (const [name, body] of Object.entries(queries)) {
    const snow = layer.compile(body, snowScope, { now, dialect: 'snowflake' });
    const ducks = layer.compile(body, base, { now, dialect: 'duckdb' });
    for (const s of snow) {
      const d = ducks.find((x) => x.role === s.role);
      if (!d) throw new Error(`${name}: no duckdb ${s.role} query`);
      const raw = await duck.execute(d, { scope: base });
      const rows = s.role === 'freshness' ? raw.map(plain) : shapeRows(catalog, d.columns, raw);
      out.push({
        tenant,
        query: name,
        role: s.role,
        sql: s.sql,
        parameters: s.parameters,
        columns: s.columns,
        duckdb: { sql: d.sql, rows, total: s.role === 'freshness' ? null : totalOf(d.columns, raw) },
      });
    }
  }
}
await duck.close();
process.stdout.write(`${JSON.stringify(out)}\n`);

function plain(r: Record<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) o[k] = v instanceof Date ? v.toISOString() : String(v);
  return o;
}
