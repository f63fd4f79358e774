/**
 * Every example query through `createSemanticLayer` + the DuckDB warehouse on the test warehouse
 * (`MIQ_WAREHOUSE_DIR`, built by `make test`), compared with values computed here independently by plain SQL over the
 * tenant's raw Fivetran tables (`raw.duckdb`) — never from the marts or the code under test.
 * rare-seeds reports in USD and all its accounts are USD, so raw amounts are reporting amounts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiqError } from '../errors/index.js';
import { createDuckDbWarehouse } from '../warehouse/duckdb/duckdb-warehouse.js';
import type { Warehouse } from '../warehouse/types.js';
import { MetricsResponseSchema, type Row, SchemaResponseSchema } from '../wire/index.js';
import { loadCatalog } from './catalog/load-catalog.js';
import { addDays, addMonths, truncDate } from './query/dates.js';
import type { TenantScope } from './scope.js';
import { createSemanticLayer, type SemanticLayer } from './semantic-layer.js';
import { EXAMPLES } from './testing/examples.js';
import { fixtureManifest } from './testing/fixture-catalog.js';
import { RAW_CAMPAIGN_NAMES } from './testing/raw-reference/names.js';

const DIR = process.env.MIQ_WAREHOUSE_DIR ?? '';
const TENANT = 'rare-seeds';
const OTHER = 'nordic-knits';
const GOOGLE_SEARCH_ACCOUNT = '7261940385';

const scopeFor = (tenant: string, timeZone = 'America/Chicago', currency = 'USD'): TenantScope => ({
  tenantId: tenant,
  warehouseLocation: tenant,
  timeZone,
  reportingCurrency: currency,
  lockedFilters: {},
});
const SCOPE = scopeFor(TENANT);

let raw: DuckDBConnection;
let rawInstance: DuckDBInstance;
let warehouse: Warehouse;
let layer: SemanticLayer;
/** Last day with data, and the last complete calendar month before it. */
let lastDay: string;
let month: [string, string];

async function sqlRows(q: string, params: (string | number)[] = []): Promise<Record<string, unknown>[]> {
  const reader = await raw.runAndReadAll(q, params);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Ads spend/clicks/impressions/conversions/value per (day, platform, campaign_id, device_code) from raw Fivetran. */
const RAW_ADS = `
  with google as (
    select "date" as d, 'google_ads' as platform, cast(customer_id as varchar) as account_id, cast(id as varchar) as campaign_id,
      case when lower(device) in ('desktop','computer') then 'desktop'
           when lower(device) in ('mobile','mobile_app','mobile_web','iphone','android_smartphone','smartphone','high_end_mobile_devices') then 'mobile'
           when lower(device) in ('tablet','ipad','android_tablet') then 'tablet' else 'other' end as device_code,
      cost_micros / 1e6 as spend, clicks, impressions, conversions, conversions_value as val, null::bigint as reach
    from raw.google_ads.campaign_stats
  ), meta_actions as (
    select date, ad_id, device_platform, sum(value) as conversions
    from raw.facebook_ads.ad_device_report_actions where action_type = 'offsite_conversion.fb_pixel_purchase'
    group by all
  ), meta_values as (
    select date, ad_id, device_platform, sum(value) as val
    from raw.facebook_ads.ad_device_report_action_values where action_type = 'offsite_conversion.fb_pixel_purchase'
    group by all
  ), meta as (
    select r.date as d, 'meta' as platform, cast(r.account_id as varchar) as account_id, cast(r.campaign_id as varchar) as campaign_id,
      case when lower(r.device_platform) in ('desktop','computer') then 'desktop'
           when lower(r.device_platform) in ('mobile','mobile_app','mobile_web','iphone','android_smartphone','smartphone','high_end_mobile_devices') then 'mobile'
           when lower(r.device_platform) in ('tablet','ipad','android_tablet') then 'tablet' else 'other' end as device_code,
      r.spend, r.inline_link_clicks as clicks, r.impressions, coalesce(a.conversions, 0) as conversions,
      coalesce(v.val, 0) as val, r.reach
    from raw.facebook_ads.ad_device_report r
    left join meta_actions a on a.date = r.date and a.ad_id = r.ad_id and a.device_platform = r.device_platform
    left join meta_values v on v.date = r.date and v.ad_id = r.ad_id and v.device_platform = r.device_platform
  )
  select * from google union all select * from meta`;

/** Klaviyo events attributed to a campaign or flow message, on the tenant's local day (rare-seeds: Chicago). */
const RAW_KLAVIYO = `
  select cast(timezone('America/Chicago', timezone('UTC', e."timestamp")) as date) as d,
    case when e.campaign_id is not null then 'campaign' else 'flow' end as kind,
    cast(coalesce(e.campaign_id, e.flow_message_id) as varchar) as send_id,
    coalesce(m.name, e."type") as metric, cast(e.person_id as varchar) as person,
    try_cast(e.property_value as double) as val
  from raw.klaviyo.event e left join raw.klaviyo.metric m on cast(m.id as varchar) = cast(e.metric_id as varchar)
  where not coalesce(e._fivetran_deleted, false) and (e.campaign_id is not null or e.flow_message_id is not null)`;

const close = (actual: unknown, expected: number): void => {
  expect(typeof actual === 'number' || actual === null).toBe(true);
  const a = actual as number | null;
  if (expected === 0 && a === null) return;
  expect(a).not.toBeNull();
  expect(Math.abs((a as number) - expected)).toBeLessThanOrEqual(Math.max(1e-6, Math.abs(expected) * 1e-7));
};
const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);
const closeOrNull = (actual: unknown, expected: number | null): void => {
  if (expected === null) expect(actual).toBeNull();
  else close(actual, expected);
};

interface AdsTotals {
  spend: number;
  clicks: number;
  impressions: number;
  conversions: number;
  value: number;
}

async function adsTotals(from: string, to: string, extra = ''): Promise<AdsTotals> {
  const [r] = await sqlRows(
    `select sum(spend) spend, sum(clicks) clicks, sum(impressions) impressions, sum(conversions) conversions, sum(val) val
     from (${RAW_ADS}) where d between cast($1 as date) and cast($2 as date) ${extra}`,
    [from, to],
  );
  return {
    spend: num(r?.spend),
    clicks: num(r?.clicks),
    impressions: num(r?.impressions),
    conversions: num(r?.conversions),
    value: num(r?.val),
  };
}

beforeAll(async () => {
  if (!DIR || !existsSync(join(DIR, TENANT, 'raw.duckdb'))) {
    throw new Error('MIQ_WAREHOUSE_DIR must point at a built warehouse (make test builds data/test)');
  }
  rawInstance = await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '512MB' });
  raw = await rawInstance.connect();
  await raw.run(`ATTACH '${join(DIR, TENANT, 'raw.duckdb')}' AS raw (READ_ONLY)`);
  const [r] = await sqlRows('select cast(max("date") as varchar) as d from raw.google_ads.campaign_stats');
  lastDay = String(r?.d);
  const monthStart = addMonths(truncDate('month', lastDay), -1);
  month = [monthStart, addDays(truncDate('month', lastDay), -1)];
  warehouse = await createDuckDbWarehouse({ dataDir: DIR, threads: 1, memoryLimit: '512MB' });
  layer = createSemanticLayer({
    catalog: loadCatalog(JSON.parse(readFileSync(join(DIR, 'semantic_manifest.json'), 'utf8'))),
    warehouse,
  });
});

afterAll(async () => {
  await warehouse?.close();
  raw?.closeSync();
  rawInstance?.closeSync();
});

const run = (body: Record<string, unknown>, scope = SCOPE, now?: Date) => layer.query(body, scope, now ? { now } : {});

describe('semantic layer on DuckDB vs raw Fivetran SQL', () => {
  it('the checked-in catalog fixture matches the warehouse semantic manifest', () => {
    const fromWarehouse = loadCatalog(JSON.parse(readFileSync(join(DIR, 'semantic_manifest.json'), 'utf8')));
    const fixture = loadCatalog(fixtureManifest());
    expect([...fixture.members.keys()].sort()).toEqual([...fromWarehouse.members.keys()].sort());
  });

  it('every column the catalog reads exists in the marts', async () => {
    const cols = await sqlRows(
      `select table_name, column_name from information_schema.columns where table_catalog = 'm' and table_schema = 'marts'`,
    ).catch(() => null);
    // The marts are not attached to the raw connection; attach them read-only for this check.
    if (cols === null || cols.length === 0) {
      await raw.run(`ATTACH '${join(DIR, TENANT, 'marts.duckdb')}' AS m (READ_ONLY)`);
    }
    const rows = await sqlRows(
      `select table_name, column_name from information_schema.columns where table_catalog = 'm' and table_schema = 'marts'`,
    );
    const have = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
    const c = layer.catalog;
    const need: string[] = [];
    for (const f of c.facts.values()) {
      need.push(`${f.table.name}.${f.timeColumn}`, `${f.table.name}.tenant_id`);
      for (const e of f.entities.values()) if (e.kind === 'column') need.push(`${f.table.name}.${e.column}`);
    }
    for (const m of c.measures.values()) {
      const f = c.facts.get(m.fact);
      if (f && m.expr.kind === 'column') need.push(`${f.table.name}.${m.expr.column}`);
    }
    for (const t of c.entityTables.values()) {
      if (t.key.kind === 'column') need.push(`${t.table.name}.${t.key.column}`, `${t.table.name}.tenant_id`);
      if (t.currentRow) need.push(`${t.table.name}.${t.currentRow}`);
    }
    for (const m of c.members.values()) {
      if (m.kind !== 'dimension' || m.expr.kind !== 'column') continue;
      const table =
        m.owner.kind === 'fact'
          ? c.facts.get(m.owner.fact)?.table.name
          : c.entityTables.get(m.owner.entity)?.table.name;
      need.push(`${table}.${m.expr.column}`);
    }
    expect(need.filter((n) => !have.has(n))).toEqual([]);
  });

  it('totals', async () => {
    const res = await run({ ...EXAMPLES.totals, timeDimension: { dimension: 'date.day', dateRange: month } });
    const exp = await adsTotals(month[0], month[1]);
    expect(res.rows).toHaveLength(1);
    close(res.rows[0]?.['ads.spend'], exp.spend);
    close(res.rows[0]?.['ads.clicks'], exp.clicks);
    close(res.rows[0]?.['ads.impressions'], exp.impressions);
    expect(res.annotation['ads.spend']).toMatchObject({ format: 'currency', currency: 'USD', kind: 'measure' });
    expect(res.query.timeDimension?.dateRange).toEqual(month);
    expect(res.meta.freshness.sources).toHaveProperty('google_ads');
    expect(res.meta.freshness.lastSyncedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(MetricsResponseSchema.safeParse(res).success).toBe(true);
    expect(SchemaResponseSchema.safeParse(layer.schemaFor(SCOPE)).success).toBe(true);
  });

  it('grouped rows by platform and campaign name (current SCD row), ordered by spend', async () => {
    const res = await run({
      ...EXAMPLES.grouped,
      limit: 1000,
      timeDimension: { dimension: 'date.day', dateRange: month },
    });
    const exp = await sqlRows(
      `select a.platform, n.name, sum(spend) spend, sum(conversions) conversions
       from (${RAW_ADS}) a join (${RAW_CAMPAIGN_NAMES}) n on n.platform = a.platform and n.campaign_id = a.campaign_id
       where d between cast($1 as date) and cast($2 as date) group by all order by spend desc`,
      month,
    );
    expect(res.rows.length).toBe(exp.length);
    const byKey = new Map(res.rows.map((r) => [`${r['platform.code']}|${r['campaign.name']}`, r]));
    for (const e of exp) {
      const r = byKey.get(`${e.platform}|${e.name}`);
      expect(r, `${e.platform}|${e.name}`).toBeDefined();
      close(r?.['ads.spend'], num(e.spend));
      close(r?.['ads.conversions'], num(e.conversions));
    }
    const spends = res.rows.map((r) => r['ads.spend'] as number);
    expect([...spends].sort((a, b) => b - a)).toEqual(spends);
  });

  it('ratios are ratios of sums per group (zero denominators give null)', async () => {
    const range: [string, string] = [addMonths(month[0], -1), month[1]];
    const res = await run({ ...EXAMPLES.ratios, timeDimension: { dimension: 'date.day', dateRange: range } });
    const exp = await sqlRows(
      `select platform, sum(spend) spend, sum(clicks) clicks, sum(impressions) impressions, sum(conversions) conversions, sum(val) val
       from (${RAW_ADS}) where d between cast($1 as date) and cast($2 as date) group by all`,
      range,
    );
    expect(res.rows.length).toBe(exp.length);
    for (const e of exp) {
      const r = res.rows.find((x) => x['platform.code'] === e.platform) as Row;
      const [s, c, i, cv, v] = [num(e.spend), num(e.clicks), num(e.impressions), num(e.conversions), num(e.val)];
      closeOrNull(r['ads.ctr'], ratio(c, i));
      closeOrNull(r['ads.cpc'], ratio(s, c));
      closeOrNull(r['ads.cpm'], i === 0 ? null : (s * 1000) / i);
      closeOrNull(r['ads.roas'], ratio(v, s));
      closeOrNull(r['ads.cpa'], ratio(s, cv));
      closeOrNull(r['ads.conversion_rate'], ratio(cv, c));
    }
  });

  it('week granularity (Monday weeks, ISO dates)', async () => {
    const start = addDays(truncDate('week', month[0]), 7);
    const range: [string, string] = [start, addDays(start, 7 * 6 - 1)];
    const res = await run({
      ...EXAMPLES.weekly,
      timeDimension: { dimension: 'date.day', granularity: 'week', dateRange: range },
    });
    const exp = await sqlRows(
      `select cast(date_trunc('week', d) as varchar) w, sum(spend) spend, sum(clicks) clicks, sum(impressions) impressions
       from (${RAW_ADS}) where d between cast($1 as date) and cast($2 as date) group by 1 order by 1`,
      range,
    );
    expect(res.rows.map((r) => r['date.week'])).toEqual(exp.map((e) => String(e.w).slice(0, 10)));
    res.rows.forEach((r, i) => {
      close(r['ads.spend'], num(exp[i]?.spend));
      closeOrNull(r['ads.ctr'], ratio(num(exp[i]?.clicks), num(exp[i]?.impressions)));
    });
  });

  it('month granularity with previous-year comparison in the same response', async () => {
    const range: [string, string] = [addMonths(month[0], -2), month[1]];
    const res = await run({
      ...EXAMPLES.monthlyPreviousYear,
      timeDimension: { dimension: 'date.day', granularity: 'month', dateRange: range },
    });
    const perMonth = async (from: string, to: string) =>
      sqlRows(
        `select cast(date_trunc('month', d) as varchar) m, platform, sum(spend) spend from (${RAW_ADS})
         where d between cast($1 as date) and cast($2 as date) group by all`,
        [from, to],
      );
    const cur = await perMonth(range[0], range[1]);
    const prev = await perMonth(addMonths(range[0], -12), addMonths(range[1], -12));
    expect(res.query.compare?.dateRange).toEqual([addMonths(range[0], -12), addMonths(range[1], -12)]);
    expect(res.rows.length).toBe(cur.length);
    for (const r of res.rows) {
      const m = r['date.month'] as string;
      const c = cur.find((x) => String(x.m).slice(0, 10) === m && x.platform === r['platform.code']);
      const p = prev.find((x) => String(x.m).slice(0, 10) === addMonths(m, -12) && x.platform === r['platform.code']);
      close(r['ads.spend'], num(c?.spend));
      const pv = p ? num(p.spend) : null;
      closeOrNull(r['ads.spend.previous'], pv);
      closeOrNull(r['ads.spend.change'], pv ? (num(c?.spend) - pv) / Math.abs(pv) : null);
    }
    expect(res.annotation['ads.spend.previous']).toMatchObject({ kind: 'previous', format: 'currency' });
    // The same months asked for as a plain dimension compare the same way.
    const asDimension = await run({
      measures: ['ads.spend'],
      dimensions: ['date.month', 'platform.code'],
      timeDimension: { dimension: 'date.day', dateRange: range },
      compare: 'previous_year',
    });
    for (const r of asDimension.rows) {
      const same = res.rows.find(
        (x) => x['date.month'] === r['date.month'] && x['platform.code'] === r['platform.code'],
      );
      expect(r['ads.spend.previous']).toBe(same?.['ads.spend.previous']);
    }
    expect(asDimension.rows.length).toBe(res.rows.length);
    expect(MetricsResponseSchema.safeParse(res).success).toBe(true);
  });

  it('queryText is the same answer as query, serialized; what depends only on the query is shared and frozen', async () => {
    const body = {
      measures: ['ads.spend', 'ads.roas'],
      dimensions: ['platform.code'],
      timeDimension: { dimension: 'date.month', granularity: 'month', dateRange: month },
      compare: 'previous_year',
    };
    const now = new Date();
    const strip = (r: Record<string, unknown>) => ({ ...r, meta: { ...(r.meta as object), timing: null } });
    const fromText = JSON.parse(await layer.queryText('metrics', body, SCOPE, { now })) as Record<string, unknown>;
    const fromQuery = await layer.query(body, SCOPE, { now });
    expect(MetricsResponseSchema.parse(fromText)).toBeTruthy();
    expect(strip(fromText)).toEqual(strip(JSON.parse(JSON.stringify(fromQuery))));
    expect(fromQuery.rows.length).toBeGreaterThan(0);
    const again = await layer.query(body, SCOPE, { now });
    expect(again.annotation).toBe(fromQuery.annotation);
    expect(Object.isFrozen(again.annotation['ads.spend'])).toBe(true);
    expect(() => {
      (again.meta.freshness as { lastSyncedAt: string | null }).lastSyncedAt = 'x';
    }).toThrow(TypeError);
    // Another tenant's answer to the same body never shares them (the memo hangs off the scope object).
    const other = await layer.query(body, scopeFor(OTHER, 'Europe/Oslo', 'NOK'), { now });
    expect(other.annotation).not.toBe(fromQuery.annotation);
    expect(other.annotation['ads.spend']?.currency).toBe('NOK');
  });

  it('relative dates resolve in the tenant time zone (two zones, same instant)', async () => {
    // 03:30 UTC on the day after the last day: still the last day in Chicago, already the next day in Auckland.
    const now = new Date(`${addDays(lastDay, 1)}T03:30:00Z`);
    const body = { measures: ['ads.spend'], timeDimension: { dimension: 'date.day', dateRange: 'yesterday' } };
    const chicago = await run(body, SCOPE, now);
    const auckland = await run(body, scopeFor(TENANT, 'Pacific/Auckland'), now);
    expect(chicago.query.timeDimension?.dateRange).toEqual([addDays(lastDay, -1), addDays(lastDay, -1)]);
    expect(auckland.query.timeDimension?.dateRange).toEqual([lastDay, lastDay]);
    close(chicago.rows[0]?.['ads.spend'], (await adsTotals(addDays(lastDay, -1), addDays(lastDay, -1))).spend);
    close(auckland.rows[0]?.['ads.spend'], (await adsTotals(lastDay, lastDay)).spend);

    const week = await run(
      { ...EXAMPLES.relativePreviousPeriod, measures: ['ga4.sessions'], dimensions: [] },
      scopeFor(TENANT, 'Pacific/Auckland'),
      now,
    );
    const [cur] = await sqlRows(
      `select sum(sessions) s from raw.google_analytics_4.traffic_source_medium_country_device where "date" between cast($1 as date) and cast($2 as date)`,
      [addDays(lastDay, -6), lastDay],
    );
    const [prev] = await sqlRows(
      `select sum(sessions) s from raw.google_analytics_4.traffic_source_medium_country_device where "date" between cast($1 as date) and cast($2 as date)`,
      [addDays(lastDay, -13), addDays(lastDay, -7)],
    );
    close(week.rows[0]?.['ga4.sessions'], num(cur?.s));
    close(week.rows[0]?.['ga4.sessions.previous'], num(prev?.s));
  });

  it('measure filters apply after aggregation', async () => {
    const res = await run({
      measures: ['ads.spend', 'ads.roas'],
      dimensions: ['platform.code', 'campaign.id'],
      timeDimension: { dimension: 'date.day', dateRange: month },
      filters: [
        { member: 'ads.roas', operator: 'lt', values: [2] },
        { member: 'ads.spend', operator: 'gt', values: [0] },
      ],
    });
    const exp = await sqlRows(
      `select platform, campaign_id, sum(spend) spend, sum(val) / nullif(sum(spend), 0) roas from (${RAW_ADS})
       where d between cast($1 as date) and cast($2 as date) group by all having sum(spend) > 0 and sum(val) / nullif(sum(spend), 0) < 2`,
      month,
    );
    expect(exp.length).toBeGreaterThan(0);
    expect(res.rows.map((r) => `${r['platform.code']}|${r['campaign.id']}`).sort()).toEqual(
      exp.map((e) => `${e.platform}|${e.campaign_id}`).sort(),
    );
    for (const r of res.rows) expect(r['ads.roas'] as number).toBeLessThan(2);
  });

  it('cross-fact: measures of different facts aggregated per fact, then joined (no fan-out)', async () => {
    const range: [string, string] = [addMonths(month[0], -1), month[1]];
    const res = await run({
      ...EXAMPLES.crossFact,
      timeDimension: { dimension: 'date.day', granularity: 'month', dateRange: range },
    });
    const ads = await sqlRows(
      `select cast(date_trunc('month', d) as varchar) m, platform, sum(spend) spend from (${RAW_ADS})
       where d between cast($1 as date) and cast($2 as date) group by all`,
      range,
    );
    const ga4 = await sqlRows(
      `select cast(date_trunc('month', "date") as varchar) m, sum(sessions) s from raw.google_analytics_4.traffic_source_medium_country_device
       where "date" between cast($1 as date) and cast($2 as date) group by all`,
      range,
    );
    for (const a of ads) {
      const r = res.rows.find((x) => x['date.month'] === String(a.m).slice(0, 10) && x['platform.code'] === a.platform);
      close(r?.['ads.spend'], num(a.spend));
      expect(r?.['ga4.sessions']).toBeNull();
    }
    for (const g of ga4) {
      const r = res.rows.find((x) => x['date.month'] === String(g.m).slice(0, 10) && x['platform.code'] === 'ga4');
      close(r?.['ga4.sessions'], num(g.s));
      expect(r?.['ads.spend']).toBeNull();
    }
    const email = await sqlRows(
      `select cast(date_trunc('month', d) as varchar) m, kind, sum(case when metric = 'Placed Order' then coalesce(val, 0) end) revenue
       from (${RAW_KLAVIYO}) where d between cast($1 as date) and cast($2 as date) group by all`,
      range,
    );
    expect(email.length).toBeGreaterThan(0);
    for (const e of email) {
      const r = res.rows.find((x) => x['date.month'] === String(e.m).slice(0, 10) && x['platform.code'] === 'klaviyo');
      close(r?.[e.kind === 'campaign' ? 'email_campaigns.revenue' : 'email_flows.revenue'], num(e.revenue));
    }
    const totals = await run({
      ...EXAMPLES.crossFactTotals,
      timeDimension: { dimension: 'date.day', dateRange: month },
    });
    const [rev] = await sqlRows(
      `select sum(total_revenue) r from raw.google_analytics_4.traffic_source_medium_country_device where "date" between cast($1 as date) and cast($2 as date)`,
      month,
    );
    close(totals.rows[0]?.['ads.spend'], (await adsTotals(month[0], month[1])).spend);
    close(totals.rows[0]?.['ga4.revenue'], num(rev?.r));
  });

  it('email rates: unique opens and clicks per day and send over delivered', async () => {
    const res = await run({
      measures: [
        'email_campaigns.recipients',
        'email_campaigns.open_rate',
        'email_campaigns.click_rate',
        'email_campaigns.revenue_per_recipient',
      ],
      timeDimension: { dimension: 'date.day', dateRange: month },
    });
    const [e] = await sqlRows(
      `with daily as (
         select d, send_id,
           count(*) filter (where metric in ('Received Email', 'Received SMS', 'Bounced Email')) recipients,
           count(*) filter (where metric in ('Received Email', 'Received SMS')) delivered,
           count(distinct person) filter (where metric = 'Opened Email') unique_opens,
           count(distinct person) filter (where metric in ('Clicked Email', 'Clicked SMS')) unique_clicks,
           sum(case when metric = 'Placed Order' then coalesce(val, 0) else 0 end) revenue
         from (${RAW_KLAVIYO}) where kind = 'campaign' and d between cast($1 as date) and cast($2 as date) group by all)
       select sum(recipients) r, sum(delivered) dl, sum(unique_opens) o, sum(unique_clicks) c, sum(revenue) rev from daily`,
      month,
    );
    close(res.rows[0]?.['email_campaigns.recipients'], num(e?.r));
    closeOrNull(res.rows[0]?.['email_campaigns.open_rate'], ratio(num(e?.o), num(e?.dl)));
    closeOrNull(res.rows[0]?.['email_campaigns.click_rate'], ratio(num(e?.c), num(e?.dl)));
    closeOrNull(res.rows[0]?.['email_campaigns.revenue_per_recipient'], ratio(num(e?.rev), num(e?.r)));
  });

  it('a non-additive measure is refused at a wrong grain and exact at its own grain', async () => {
    await expect(
      run({ measures: ['meta_reach.reach'], timeDimension: { dimension: 'date.day', dateRange: month } }),
    ).rejects.toMatchObject({
      status: 400,
      details: [expect.objectContaining({ field: 'measures[0]', code: 'non_additive_grain' })],
    });
    const range: [string, string] = [month[0], addDays(month[0], 2)];
    const res = await run({
      ...EXAMPLES.reachAtGrain,
      timeDimension: { dimension: 'date.day', granularity: 'day', dateRange: range },
    });
    // Meta's own campaign-day reach (deduplicated over ads and devices), straight from the prebuilt report
    const exp = await sqlRows(
      `select cast("date" as varchar) d, cast(campaign_id as varchar) campaign_id, reach, impressions
       from raw.facebook_ads.basic_campaign where "date" between cast($1 as date) and cast($2 as date)`,
      range,
    );
    expect(exp.length).toBeGreaterThan(0);
    expect(res.rows.length).toBe(exp.length);
    for (const e of exp) {
      const r = res.rows.find((x) => x['date.day'] === String(e.d).slice(0, 10) && x['campaign.id'] === e.campaign_id);
      close(r?.['meta_reach.reach'], num(e.reach));
      closeOrNull(r?.['meta_reach.frequency'], ratio(num(e.impressions), num(e.reach)));
    }
  });

  it('nested and/or filters, paging with a total', async () => {
    const res = await run({
      measures: ['ads.clicks'],
      dimensions: ['campaign.id', 'device.code'],
      timeDimension: { dimension: 'date.day', dateRange: month },
      filters: [
        {
          or: [
            { member: 'device.code', operator: 'equals', values: ['mobile'] },
            {
              and: [
                { member: 'device.code', operator: 'equals', values: ['desktop'] },
                { member: 'platform.code', operator: 'equals', values: ['meta'] },
              ],
            },
          ],
        },
      ],
      order: [['ads.clicks', 'desc']],
      limit: 3,
      offset: 2,
      total: true,
    });
    const exp = await sqlRows(
      `select campaign_id, device_code, sum(clicks) clicks from (${RAW_ADS})
       where d between cast($1 as date) and cast($2 as date) and (device_code = 'mobile' or (device_code = 'desktop' and platform = 'meta'))
       group by all order by clicks desc, campaign_id, device_code`,
      month,
    );
    expect(res.total).toBe(exp.length);
    expect(res.rows.map((r) => r['ads.clicks'])).toEqual(exp.slice(2, 5).map((e) => num(e.clicks)));
  });

  it('locked filters scope every query; a fact the lock cannot reach is refused', async () => {
    const locked = { ...SCOPE, lockedFilters: { 'account.id': [GOOGLE_SEARCH_ACCOUNT] } };
    const res = await run(
      {
        measures: ['ads.spend'],
        dimensions: ['platform.code'],
        timeDimension: { dimension: 'date.day', dateRange: month },
      },
      locked,
    );
    const exp = await adsTotals(month[0], month[1], `and account_id = '${GOOGLE_SEARCH_ACCOUNT}'`);
    expect(res.rows).toHaveLength(1);
    expect(res.rows[0]?.['platform.code']).toBe('google_ads');
    close(res.rows[0]?.['ads.spend'], exp.spend);
    await expect(run({ measures: ['email_campaigns.revenue'] }, locked)).rejects.toMatchObject({ status: 403 });
    // GA4 rows carry their property's account key: a Google Ads account lock leaves no GA4 rows, a property lock its own.
    const ga4Locked = await run(
      { measures: ['ga4.sessions'], timeDimension: { dimension: 'date.day', dateRange: month } },
      locked,
    );
    expect(ga4Locked.rows[0]?.['ga4.sessions'] ?? null).toBeNull();
    const [prop] = await sqlRows(
      `select replace(property, 'properties/', '') p from raw.google_analytics_4.traffic_source_medium_country_device limit 1`,
    );
    const propertyLocked = await run(
      { measures: ['ga4.sessions'], timeDimension: { dimension: 'date.day', dateRange: month } },
      { ...SCOPE, lockedFilters: { 'account.id': [String(prop?.p)] } },
    );
    const [s] = await sqlRows(
      `select sum(sessions) s from raw.google_analytics_4.traffic_source_medium_country_device where "date" between cast($1 as date) and cast($2 as date)`,
      month,
    );
    close(propertyLocked.rows[0]?.['ga4.sessions'], num(s?.s));
  });

  it("tenant isolation: each scope reads its own file; a query compiled for A never runs under B's scope", async () => {
    const body = { measures: ['ads.clicks'], timeDimension: { dimension: 'date.day', dateRange: month } };
    const a = await run(body);
    const b = await run(body, scopeFor(OTHER, 'Europe/Stockholm', 'EUR'));
    const otherRaw = await DuckDBInstance.create(':memory:', { threads: '1' });
    const oc = await otherRaw.connect();
    await oc.run(`ATTACH '${join(DIR, OTHER, 'raw.duckdb')}' AS raw (READ_ONLY)`);
    const [g] = (await (
      await oc.runAndReadAll(
        `select (select coalesce(sum(clicks),0) from raw.google_ads.campaign_stats where "date" between cast($1 as date) and cast($2 as date))
            + (select coalesce(sum(inline_link_clicks),0) from raw.facebook_ads.ad_device_report where "date" between cast($1 as date) and cast($2 as date)) as c`,
        month,
      )
    ).getRowObjectsJS()) as Record<string, unknown>[];
    oc.closeSync();
    otherRaw.closeSync();
    close(a.rows[0]?.['ads.clicks'], (await adsTotals(month[0], month[1])).clicks);
    close(b.rows[0]?.['ads.clicks'], num(g?.c));
    expect(a.rows[0]?.['ads.clicks']).not.toBe(b.rows[0]?.['ads.clicks']);

    const [compiledForA] = layer.compile(body, SCOPE);
    await expect(warehouse.execute(compiledForA as never, { scope: scopeFor(OTHER) })).rejects.toBeInstanceOf(MiqError);
  });

  it('dimension-only queries list the values that occur in the fact, with search and locks applied', async () => {
    const res = await run({
      dimensions: ['platform.code', 'campaign.name'],
      timeDimension: { dimension: 'date.day', dateRange: month },
      filters: [{ member: 'campaign.name', operator: 'contains', values: ['E'] }],
    });
    const exp = await sqlRows(
      `select distinct a.platform, n.name from (${RAW_ADS}) a join (${RAW_CAMPAIGN_NAMES}) n on n.platform = a.platform and n.campaign_id = a.campaign_id
       where d between cast($1 as date) and cast($2 as date) and contains(lower(n.name), 'e') order by 1, 2`,
      month,
    );
    expect(exp.length).toBeGreaterThan(0);
    expect(res.rows.map((r) => [r['platform.code'], r['campaign.name']])).toEqual(exp.map((e) => [e.platform, e.name]));
    const locked = await run(
      { dimensions: ['account.id'] },
      { ...SCOPE, lockedFilters: { 'account.id': [GOOGLE_SEARCH_ACCOUNT] } },
    );
    expect(locked.rows).toEqual([{ 'account.id': GOOGLE_SEARCH_ACCOUNT }]);
    // Without a lock, accounts come from every fact that reaches them: the ad accounts and the GA4 property.
    const all = await run({ dimensions: ['account.id'] });
    const [prop] = await sqlRows(
      `select replace(property, 'properties/', '') p from raw.google_analytics_4.traffic_source_medium_country_device limit 1`,
    );
    const adAccounts = await sqlRows(`select distinct account_id from (${RAW_ADS})`);
    expect(all.rows.map((r) => r['account.id']).sort()).toEqual(
      [...adAccounts.map((a) => a.account_id), prop?.p].sort(),
    );
  });

  it.each(Object.keys(EXAMPLES) as (keyof typeof EXAMPLES)[])('example %s executes on DuckDB', async (name) => {
    const res = await run(EXAMPLES[name] as Record<string, unknown>);
    expect(MetricsResponseSchema.safeParse(res).success).toBe(true);
  });

  it('the nestedFilters example: contains / startsWith (case-insensitive), in, notIn, afterDate', async () => {
    const example = EXAMPLES.nestedFilters;
    const after = addDays(month[0], 2);
    const res = await run({
      ...example,
      timeDimension: { dimension: 'date.day', dateRange: month },
      filters: [example.filters[0], example.filters[1], { member: 'date.day', operator: 'afterDate', values: [after] }],
    });
    const exp = await sqlRows(
      `select n.name, a.device_code, sum(clicks) clicks
       from (${RAW_ADS}) a join (${RAW_CAMPAIGN_NAMES}) n on n.platform = a.platform and n.campaign_id = a.campaign_id
       where d between cast($1 as date) and cast($2 as date) and d > cast($3 as date) and a.platform <> 'meta'
         and (contains(lower(n.name), 'seed') or (a.device_code in ('mobile', 'tablet') and starts_with(lower(n.name), 'rare')))
       group by all`,
      [month[0], month[1], after],
    );
    expect(exp.length).toBeGreaterThan(0);
    expect(res.rows.length).toBe(exp.length);
    for (const e of exp) {
      const r = res.rows.find((x) => x['campaign.name'] === e.name && x['device.code'] === e.device_code);
      close(r?.['ads.clicks'], num(e.clicks));
    }
  });

  it('the pagedWithTotal example: email campaigns by name, paged, with the total count', async () => {
    const range: [string, string] = [addMonths(month[0], -2), month[1]];
    const res = await run({ ...EXAMPLES.pagedWithTotal, timeDimension: { dimension: 'date.day', dateRange: range } });
    const exp = await sqlRows(
      `with daily as (
         select d, send_id,
           count(*) filter (where metric in ('Received Email', 'Received SMS', 'Bounced Email')) recipients,
           count(*) filter (where metric in ('Received Email', 'Received SMS')) delivered,
           count(distinct person) filter (where metric = 'Opened Email') unique_opens
         from (${RAW_KLAVIYO}) where kind = 'campaign' and d between cast($1 as date) and cast($2 as date) group by all)
       select c.name, sum(recipients) r, sum(unique_opens) / nullif(sum(delivered), 0) open_rate
       from daily join raw.klaviyo.campaign c on cast(c.id as varchar) = daily.send_id
       group by all order by r desc, c.name`,
      range,
    );
    expect(res.total).toBe(exp.length);
    expect(res.rows.map((r) => r['email_campaign.name'])).toEqual(exp.slice(5, 10).map((e) => e.name));
    res.rows.forEach((r, i) => {
      close(r['email_campaigns.recipients'], num(exp[5 + i]?.r));
      closeOrNull(r['email_campaigns.open_rate'], exp[5 + i]?.open_rate === null ? null : num(exp[5 + i]?.open_rate));
    });
  });

  it('an 18-digit Meta id round-trips through a filter as a string', async () => {
    const [meta] = await sqlRows(`select cast(id as varchar) id from raw.facebook_ads.campaign_history limit 1`);
    const id = String(meta?.id);
    expect(id.length).toBeGreaterThanOrEqual(15);
    const res = await run({
      measures: ['ads.spend'],
      dimensions: ['campaign.id'],
      filters: [{ member: 'campaign.id', operator: 'equals', values: [id] }],
    });
    expect(res.rows.map((r) => r['campaign.id'])).toEqual([id]);
  });
});
