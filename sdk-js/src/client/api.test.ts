// Acceptance 1: every client method whose route exists, against the REAL embed API started here (real semantic
// layer, DuckDB test warehouse, PGlite app DB seeded by the API's demo seeding), success and error paths.
// Expected numbers come from plain SQL over the tenant's raw Fivetran tables, never from the API.
// Routes not built yet (dashboards, views, agents, alerts) are covered at protocol level in retry-cancel.test.ts.
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  f,
  MiqAbortError,
  MiqAuthError,
  type MiqError,
  MiqForbiddenError,
  MiqNotFoundError,
  MiqRateLimitError,
  MiqValidationError,
  q,
} from '../index.js';
import { createEmbedToken } from '../node/index.js';
import { startProtocolServer } from '../testing/protocol-server.js';
import { type RealApi, startRealApi } from '../testing/real-api.js';

interface RawFacts {
  readonly clicksByAccount: Map<string, number>;
  readonly window: [string, string];
  readonly previousWindow: [string, string];
  readonly windowClicks: number;
  readonly previousClicks: number;
  readonly clicksByDay: Map<string, number>;
  readonly windowClicksByAccount: Map<string, number>;
  readonly campaignIds: Set<string>;
}

/** Clicks straight from the raw Google Ads and Meta tables (the two ad platforms' click counts). */
async function rawFacts(dir: string, tenant: string): Promise<RawFacts> {
  const instance = await DuckDBInstance.create(join(dir, tenant, 'raw.duckdb'), {
    access_mode: 'READ_ONLY',
    threads: '1',
  });
  const c = await instance.connect();
  const rows = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJS();
  try {
    const clicks = `(select cast(customer_id as varchar) as account_id, date::date as d, clicks as n from google_ads.campaign_stats
       union all select cast(account_id as varchar), date::date, inline_link_clicks from facebook_ads.ad_device_report)`;
    const byAccount = await rows(`select account_id, sum(n)::bigint as n from ${clicks} group by 1`);
    const [w] = await rows(`select strftime(max(d) - 13, '%Y-%m-%d') as a, strftime(max(d), '%Y-%m-%d') as b,
       strftime(max(d) - 27, '%Y-%m-%d') as pa, strftime(max(d) - 14, '%Y-%m-%d') as pb from ${clicks}`);
    const { a, b, pa, pb } = w as Record<string, string>;
    const [sums] = await rows(`select sum(n) filter (where d between '${a}' and '${b}')::bigint as cur,
       sum(n) filter (where d between '${pa}' and '${pb}')::bigint as prev from ${clicks}`);
    const byDay = await rows(`select strftime(d, '%Y-%m-%d') as d, sum(n)::bigint as n from ${clicks} group by 1`);
    const windowByAccount = await rows(
      `select account_id, sum(n)::bigint as n from ${clicks} where d between '${a}' and '${b}' group by 1`,
    );
    const campaigns = await rows(`select distinct cast(id as varchar) as c from google_ads.campaign_stats
       union select distinct cast(campaign_id as varchar) from facebook_ads.ad_device_report`);
    return {
      clicksByDay: new Map(byDay.map((r) => [String(r.d), Number(r.n)])),
      windowClicksByAccount: new Map(windowByAccount.map((r) => [String(r.account_id), Number(r.n)])),
      campaignIds: new Set(campaigns.map((r) => String(r.c))),
      clicksByAccount: new Map(byAccount.map((r) => [String(r.account_id), Number(r.n)])),
      window: [a as string, b as string],
      previousWindow: [pa as string, pb as string],
      windowClicks: Number(sums!.cur),
      previousClicks: Number(sums!.prev),
    };
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

let api: RealApi;
let raw: RawFacts;
const seen: string[] = [];
/** Records every request the client really sends. */
const countingFetch: typeof fetch = (input, init) => {
  seen.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
  return fetch(input, init);
};

beforeAll(async () => {
  api = await startRealApi();
  raw = await rawFacts(api.dir, 'rare-seeds');
}, 60_000);
afterAll(() => api?.close());

const caught = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as MiqError,
  );

describe('the client against the real embed API', () => {
  it('health(): the API and its app database answer', async () => {
    const client = createClient({ baseUrl: api.url, token: await api.token() });
    const health = await client.health();
    expect(health.status).toBe('ok');
    expect(health.checks.appDb?.status).toBe('ok');
  });

  it('schema(): lists the catalog members the token may query; scope narrows it', async () => {
    const client = createClient({ baseUrl: api.url, token: await api.token() });
    const schema = await client.schema();
    const names = schema.measures.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['ads.clicks', 'ads.spend']));
    expect(schema.measures.find((m) => m.name === 'ads.spend')?.format).toBe('currency');
    const scoped = createClient({ baseUrl: api.url, token: await api.token({ scope: ['ads.clicks'] }) });
    expect((await scoped.schema()).measures.map((m) => m.name)).toEqual(['ads.clicks']);
  });

  it('schema(): 401 for a token signed by an unknown key, with the reason as a detail', async () => {
    const stranger = await createEmbedToken({
      partnerId: api.demo.partnerId,
      kid: 'not-registered',
      key: 'a-secret-that-marketing-iq-has-never-seen!',
      tenant: 'rare-seeds',
      subject: 'x',
      dashboards: ['*'],
    });
    const err = await caught(createClient({ baseUrl: api.url, token: stranger }).schema());
    expect(err).toBeInstanceOf(MiqAuthError);
    expect(err).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(err?.details).toEqual([expect.objectContaining({ field: 'authorization', code: 'unknown_key' })]);
  });

  it('schema() and metrics(): 403 for a tenant the partner does not own', async () => {
    const client = createClient({ baseUrl: api.url, token: await api.token({ tenant: 'someone-elses-tenant' }) });
    expect(await caught(client.schema())).toBeInstanceOf(MiqForbiddenError);
    const err = await caught(client.metrics({ measures: ['ads.clicks'] }));
    expect(err).toBeInstanceOf(MiqForbiddenError);
    expect(err).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('metrics(): clicks per account equal the raw Fivetran tables', async () => {
    const client = createClient({ baseUrl: api.url, token: await api.token() });
    const res = await client.metrics({
      measures: ['ads.clicks'],
      dimensions: ['account.id'],
      order: [['account.id', 'asc']],
    });
    const got = new Map(res.rows.map((r) => [r['account.id'] as string, r['ads.clicks'] as number]));
    expect(got).toEqual(raw.clicksByAccount);
    expect(res.annotation['ads.clicks']).toMatchObject({ kind: 'measure', type: 'number' });
  });

  it('metrics() with the helpers: q.between + q.comparePreviousPeriod + f.in give current, previous and change', async () => {
    const client = createClient({ baseUrl: api.url, token: await api.token() });
    const accounts = [...raw.clicksByAccount.keys()];
    const res = await client.metrics({
      measures: ['ads.clicks'],
      timeDimension: { dimension: 'date.day', dateRange: q.between(...raw.window) },
      compare: q.comparePreviousPeriod(),
      filters: [f.or(f.in('account.id', ...accounts), f.equals('account.id', 'no-such-account'))],
    });
    expect(res.query.compare?.dateRange).toEqual(raw.previousWindow);
    expect(res.rows).toHaveLength(1);
    const row = res.rows[0]!;
    expect(row['ads.clicks']).toBe(raw.windowClicks);
    expect(row['ads.clicks.previous']).toBe(raw.previousClicks);
    expect(row['ads.clicks.change'] as number).toBeCloseTo(
      (raw.windowClicks - raw.previousClicks) / raw.previousClicks,
      9,
    );
  });

  it("metrics(): every relative q helper is understood by the API, resolved in the tenant's time zone", async () => {
    const client = createClient({ baseUrl: api.url, token: await api.token() });
    const isoIn = (tz: string, offsetDays: number) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(new Date(Date.now() + offsetDays * 86_400_000));
    const chicago = (d: number) => isoIn('America/Chicago', d); // rare-seeds' zone, from tenants.json
    const before = [chicago(-7), chicago(-1)];
    const relative = [q.lastDays(7), q.lastWeeks(2), q.lastMonths(3), q.lastQuarters(1), q.lastYears(1), q.daysAgo(1)];
    relative.push(q.today(), q.yesterday(), q.thisWeek(), q.thisMonth(), q.thisQuarter(), q.thisYear());
    relative.push(q.lastWeek(), q.lastMonth(), q.lastQuarter(), q.lastYear());
    for (const dateRange of relative) {
      const res = await client.metrics({
        measures: ['ads.clicks'],
        timeDimension: { dimension: 'date.day', dateRange },
      });
      expect(res.query.timeDimension?.relativeRange).toBe(dateRange);
      if (dateRange === 'last 7 days') {
        // The 7 complete days before today in Chicago (either side of a midnight that passed during the call).
        expect([before, [chicago(-7), chicago(-1)]]).toContainEqual(res.query.timeDimension?.dateRange);
      }
    }
  });

  it('metrics(): a measure filter (f.gt) applies after aggregation', async () => {
    const client = createClient({ baseUrl: api.url, token: await api.token() });
    const counts = [...raw.clicksByAccount.values()].sort((a, b) => a - b);
    const threshold = counts[Math.floor(counts.length / 2)]!;
    const res = await client.metrics({
      measures: ['ads.clicks'],
      dimensions: ['account.id'],
      filters: [f.gt('ads.clicks', threshold)],
    });
    const expected = [...raw.clicksByAccount].filter(([, n]) => n > threshold);
    expect(new Map(res.rows.map((r) => [r['account.id'], r['ads.clicks']]))).toEqual(new Map(expected));
  });

  it('metricsBatch(): several queries in one request, each equal to the raw tables; a bad one names its index', async () => {
    const client = createClient({ baseUrl: api.url, token: await api.token() });
    const total = [...raw.clicksByAccount.values()].reduce((a, b) => a + b, 0);
    const res = await client.metricsBatch({
      dashboard: 'sdk-test',
      queries: [
        { measures: ['ads.clicks'] },
        { measures: ['ads.clicks'], timeDimension: { dimension: 'date.day', dateRange: q.between(...raw.window) } },
      ],
    });
    expect(res.results.map((r) => r.rows[0]?.['ads.clicks'])).toEqual([total, raw.windowClicks]);
    expect(typeof res.meta.cache.hit).toBe('boolean');
    const err = await caught(
      client.metricsBatch({ queries: [{ measures: ['ads.clicks'] }, { measures: ['ads.spnd'] }] }),
    );
    expect(err).toBeInstanceOf(MiqValidationError);
    expect(err?.details.map((d) => d.field)).toEqual(['queries[1].measures[0]']);
  });

  it('filters(): every campaign with rows, paged through with limit/offset, equals the raw tables', async () => {
    const client = createClient({ baseUrl: api.url, token: await api.token() });
    const values: string[] = [];
    for (let offset = 0, more = true; more; offset += 7) {
      const page = await client.filters('campaigns', { limit: 7, offset });
      expect(page.member).toBe('campaign.id');
      expect(page.options.length).toBeLessThanOrEqual(7);
      values.push(...page.options.map((o) => o.value));
      more = page.hasMore;
    }
    expect(values.length).toBe(new Set(values).size);
    expect(new Set(values)).toEqual(raw.campaignIds);
  });

  it('filters(): search, and 400/401/403/404 as typed errors', async () => {
    const client = createClient({ baseUrl: api.url, token: await api.token() });
    const id = [...raw.campaignIds].sort()[0]!; // search matches a substring of the value or the label
    const found = await client.filters('campaigns', { search: id });
    expect(found.options.map((o) => o.value)).toContain(id);
    expect(found.options.every((o) => o.value.includes(id) || o.label.toLowerCase().includes(id))).toBe(true);
    const bad = await caught(client.filters('campaigns', { limit: 0 }));
    expect(bad).toBeInstanceOf(MiqValidationError);
    expect(bad?.details.map((d) => d.field)).toContain('query.limit'); // the API names query-string fields so
    expect(await caught(client.filters('no-such-type' as never))).toBeInstanceOf(MiqNotFoundError);
    const foreign = createClient({ baseUrl: api.url, token: await api.token({ tenant: 'someone-elses-tenant' }) });
    expect(await caught(foreign.filters('campaigns'))).toBeInstanceOf(MiqForbiddenError);
    const expired = createClient({ baseUrl: api.url, token: await api.token({ kid: 'unknown-kid' }) });
    expect(await caught(expired.filters('campaigns'))).toBeInstanceOf(MiqAuthError);
  });

  it('trends(): daily clicks with the previous period and a filter, equal to the raw tables', async () => {
    const client = createClient({ baseUrl: api.url, token: await api.token() });
    const res = await client.trends({
      metric: 'ads.clicks',
      granularity: 'day',
      dateRange: q.between(...raw.window),
      compare: q.comparePreviousPeriod(),
    });
    expect(res.dateRange).toEqual(raw.window);
    expect(res.compare?.dateRange).toEqual(raw.previousWindow);
    expect(res.points).toHaveLength(14);
    for (const p of res.points) expect(p.value).toBe(raw.clicksByDay.get(p.date) ?? 0);
    expect(res.summary.value).toBe(raw.windowClicks);
    expect(res.summary.previous).toBe(raw.previousClicks);

    const [account, clicks] = [...raw.windowClicksByAccount].sort((x, y) => y[1] - x[1])[0]!;
    const one = await client.trends({
      metric: 'ads.clicks',
      dateRange: q.between(...raw.window),
      compare: 'none',
      filters: [f.equals('account.id', account)],
    });
    expect(one.summary.value).toBe(clicks);
    expect(one.compare).toBeNull();

    const err = await caught(client.trends({ metric: 'ads.nope' }));
    expect(err).toBeInstanceOf(MiqValidationError);
  });

  it('metrics(): a validation error names every bad field and is not retried', async () => {
    seen.length = 0;
    const client = createClient({ baseUrl: api.url, token: await api.token(), fetch: countingFetch });
    const err = await caught(client.metrics({ measures: ['ads.spnd'], dimensions: ['campaign.nme'], limit: 0 }));
    expect(err).toBeInstanceOf(MiqValidationError);
    expect(err).toMatchObject({ status: 400, code: 'validation_failed' });
    const fields = err!.details.map((d) => d.field);
    for (const field of ['measures[0]', 'dimensions[0]', 'limit']) expect(fields).toContain(field);
    expect(err?.requestId).toMatch(/\S{8,}/); // the API's X-Request-Id, for support
    expect(seen).toEqual(['POST /api/v1/metrics']);
  });

  it('metrics(): 403 for a member outside the token scope, with the field named', async () => {
    const client = createClient({ baseUrl: api.url, token: await api.token({ scope: ['ads.spend'] }) });
    const err = await caught(client.metrics({ measures: ['ads.clicks'] }));
    expect(err).toBeInstanceOf(MiqForbiddenError);
    expect(err?.details).toEqual([expect.objectContaining({ field: 'measures[0]', code: 'member_not_allowed' })]);
  });

  it('metrics(): a refused token is replaced by getToken() once, then the query succeeds', async () => {
    seen.length = 0;
    let calls = 0;
    const client = createClient({
      baseUrl: api.url,
      token: await api.token({ kid: 'revoked-or-unknown' }),
      getToken: async () => {
        calls++;
        return api.token();
      },
      fetch: countingFetch,
    });
    const res = await client.metrics({ measures: ['ads.clicks'] });
    expect(res.rows[0]!['ads.clicks']).toBe([...raw.clicksByAccount.values()].reduce((a, b) => a + b, 0));
    expect(calls).toBe(1);
    expect(seen).toEqual(['POST /api/v1/metrics', 'POST /api/v1/metrics']);
  });

  it('metrics(): an expired token with no getToken fails fast with token_expired and tells onTokenExpired', async () => {
    seen.length = 0;
    const expired = await api.token({ ttl: 60, now: Date.now() - 120_000 });
    const client = createClient({ baseUrl: api.url, token: expired, fetch: countingFetch });
    const heard: MiqError[] = [];
    client.onTokenExpired((e) => heard.push(e));
    const err = await caught(client.metrics({ measures: ['ads.clicks'] }));
    expect(err).toBeInstanceOf(MiqAuthError);
    expect(err?.code).toBe('token_expired');
    expect(heard).toEqual([err]);
    expect(seen).toEqual([]);
  });

  it('metrics(): an aborted query rejects with MiqAbortError', async () => {
    const client = createClient({ baseUrl: api.url, token: await api.token() });
    const controller = new AbortController();
    const pending = client.metrics(
      { measures: ['ads.clicks', 'ads.spend'], dimensions: ['campaign.id', 'date.day'], limit: 50_000 },
      { signal: controller.signal },
    );
    controller.abort();
    expect(await caught(pending)).toBeInstanceOf(MiqAbortError);
  });
});

describe('in a browser, cross-origin', () => {
  it('headless Chromium on another origin queries the real API through CORS and gets typed errors', async () => {
    const token = await api.token();
    const bundled = await build({
      stdin: {
        contents: `import { createClient, MiqValidationError } from './index.ts';
          const client = createClient({ baseUrl: ${JSON.stringify(api.url)}, token: ${JSON.stringify(token)}, locale: 'de-DE' });
          (async () => {
            const res = await client.metrics({ measures: ['ads.clicks'] });
            let invalid;
            try { await client.metrics({ measures: ['ads.spnd'] }); } catch (e) {
              invalid = { validation: e instanceof MiqValidationError, field: e.details[0]?.field };
            }
            return { clicks: res.rows[0]['ads.clicks'], invalid, origin: location.origin };
          })().then((r) => { window.__result = r; }, (e) => { window.__result = { failed: String(e) }; });`,
        resolveDir: new URL('..', import.meta.url).pathname,
        loader: 'ts',
      },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    const page = await startProtocolServer((req, res) => {
      const js = req.url === '/app.js';
      res.writeHead(200, { 'content-type': js ? 'text/javascript' : 'text/html' });
      res.end(js ? bundled.outputFiles[0]!.text : '<!doctype html><script type="module" src="/app.js"></script>');
    });
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
    });
    try {
      const tab = await browser.newPage();
      await tab.goto(page.url);
      const result = await tab.waitForFunction(() => (window as unknown as { __result?: unknown }).__result, null, {
        timeout: 20_000,
      });
      expect(await result.jsonValue()).toEqual({
        clicks: [...raw.clicksByAccount.values()].reduce((a, b) => a + b, 0),
        invalid: { validation: true, field: 'measures[0]' },
        origin: page.url,
      });
      expect(new URL(page.url).port).not.toBe(new URL(api.url).port); // really cross-origin
    } finally {
      await browser.close();
      await page.close();
    }
  }, 40_000);
});

describe('acceptance 2 against the real API (token expiry enforced with 2 s clock tolerance, so CPU stalls of a loaded CI machine cannot fail a request)', () => {
  let strict: RealApi;
  beforeAll(async () => {
    strict = await startRealApi({ clockSkewSeconds: 2 });
  }, 60_000);
  afterAll(() => strict?.close());

  it('2-second tokens, 20 concurrent requests in flight: all succeed, one getToken per expiry', async () => {
    const issued: { at: number; exp: number }[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const client = createClient({
      baseUrl: strict.url,
      getToken: async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const now = Date.now();
        const token = await strict.token({ ttl: 2, now });
        issued.push({ at: now, exp: Math.floor(now / 1000) + 2 });
        inFlight--;
        return token;
      },
    });
    const until = Date.now() + 5500;
    let ok = 0;
    await Promise.all(
      Array.from({ length: 20 }, async (_, w) => {
        for (let i = 0; Date.now() < until; i++) {
          // Distinct limits: no two requests share one HTTP call, so 20 really are in flight.
          await client.metrics({ measures: ['ads.clicks'], limit: 1 + w * 2_000 + (i % 2_000) });
          ok++;
        }
      }),
    );
    console.log(`acceptance 2 (real API): ${ok} metrics requests in 5.5 s, ${issued.length} getToken calls`);
    expect(maxInFlight).toBe(1);
    expect(issued.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < issued.length; i++) {
      // Never a second refresh for the same token: each comes in its predecessor's last quarter or later.
      expect(issued[i]!.at).toBeGreaterThanOrEqual(issued[i - 1]!.exp * 1000 - 505);
    }
  }, 30_000);
});

describe('rate limits from the real API (a tenant bucket of 2 requests, refilled at 1 per second)', () => {
  let limited: RealApi;
  beforeAll(async () => {
    limited = await startRealApi({ tenantRateLimit: { capacity: 2, refillPerSecond: 1 } });
  }, 60_000);
  afterAll(() => limited?.close());

  it('a 429 is retried after its Retry-After; with retries: 0 it surfaces as MiqRateLimitError', async () => {
    seen.length = 0;
    const token = await limited.token();
    const patient = createClient({ baseUrl: limited.url, token, fetch: countingFetch });
    const started = Date.now();
    for (let i = 0; i < 3; i++) await patient.schema();
    const took = Date.now() - started;
    // Two from the bucket, then one 429 answered with Retry-After >= 1 s, then success.
    expect(seen).toEqual(Array(4).fill('GET /api/v1/schema'));
    expect(took).toBeGreaterThanOrEqual(1000);

    const impatient = createClient({ baseUrl: limited.url, token, retries: 0 });
    await impatient.schema().catch(() => undefined); // drain the bucket
    await impatient.schema().catch(() => undefined);
    const err = await caught(impatient.schema());
    expect(err).toBeInstanceOf(MiqRateLimitError);
    expect(err).toMatchObject({ status: 429, code: 'rate_limited' });
    expect((err as MiqRateLimitError).retryAfterMs).toBeGreaterThanOrEqual(1000);
    expect(err?.details).toEqual([expect.objectContaining({ code: 'tenant_rate_limited' })]);
  }, 20_000);
});
