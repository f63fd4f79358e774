// Acceptance 3: retries honour Retry-After (seconds and HTTP date) with jittered backoff, never for other 4xx;
// timeouts and aborts against a server that hangs; in-flight de-duplication. All against a real HTTP server on
// loopback (protocol level: these behaviours do not depend on any API route).
import { afterEach, describe, expect, it } from 'vitest';
import {
  createClient,
  MiqAbortError,
  MiqAuthError,
  MiqError,
  MiqForbiddenError,
  MiqNetworkError,
  MiqNotFoundError,
  MiqRateLimitError,
  MiqServerError,
  MiqTimeoutError,
  MiqValidationError,
} from '../index.js';
import { apiError, type Handler, json, type ProtocolServer, startProtocolServer } from '../testing/protocol-server.js';

const OK = { data: [{ 'ads.spend': 12.5 }], annotation: {}, query: {} };
const QUERY = { measures: ['ads.spend'] };
let server: ProtocolServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: Handler) {
  server = await startProtocolServer(handler);
  return server;
}

/** Answers each request with the next scripted reply; the last one repeats. */
function script(...replies: [number, unknown, Record<string, string>?][]): Handler {
  return (_req, res, i) => {
    const [status, body, headers] = replies[Math.min(i, replies.length - 1)]!;
    json(res, status, body, headers);
  };
}

const hang: Handler = () => {};
const gaps = (s: ProtocolServer) => s.requests.slice(1).map((r, i) => r.at - s.requests[i]!.at);

describe('retries (protocol test server)', () => {
  it('503 with Retry-After: 1 (seconds) waits at least a second, then succeeds', async () => {
    const s = await serve(script([503, apiError('warehouse_unavailable', 'later'), { 'retry-after': '1' }], [200, OK]));
    const client = createClient({ baseUrl: s.url, token: 't' });
    expect(await client.metrics(QUERY)).toEqual(OK);
    expect(s.requests).toHaveLength(2);
    const [gap] = gaps(s);
    expect(gap).toBeGreaterThanOrEqual(1000);
    expect(gap).toBeLessThan(1800); // 1 s + at most 100 ms jitter + slack for a busy shared machine
  });

  it('429 with Retry-After as an HTTP date waits until that date', async () => {
    // HTTP dates have whole seconds: pick the second after next so the wait is between 1 and 2 s.
    const target = (Math.floor(Date.now() / 1000) + 2) * 1000;
    const s = await serve(
      script([429, apiError('rate_limited', 'slow'), { 'retry-after': new Date(target).toUTCString() }], [200, OK]),
    );
    const client = createClient({ baseUrl: s.url, token: 't' });
    expect(await client.schema()).toEqual(OK);
    expect(s.requests).toHaveLength(2);
    expect(s.requests[1]!.at).toBeGreaterThanOrEqual(target - 5);
    expect(s.requests[1]!.at).toBeLessThan(target + 800);
  });

  it('502 then 504 without Retry-After back off exponentially with jitter', async () => {
    const s = await serve(script([502, {}], [504, {}], [200, OK]));
    const client = createClient({ baseUrl: s.url, token: 't', retryBaseDelayMs: 200 });
    expect(await client.health()).toEqual(OK);
    expect(s.requests).toHaveLength(3);
    const [first, second] = gaps(s) as [number, number];
    // Equal jitter: retry n waits between base·2^n / 2 and base·2^n.
    expect(first).toBeGreaterThanOrEqual(100);
    expect(first).toBeLessThan(200 + 400);
    expect(second).toBeGreaterThanOrEqual(200);
    expect(second).toBeLessThan(400 + 400);
  });

  it('gives up after `retries` and reports the rate limit with retryAfterMs', async () => {
    const s = await serve(script([429, apiError('rate_limited', 'slow down'), { 'retry-after': '0' }]));
    const client = createClient({ baseUrl: s.url, token: 't', retries: 3 });
    const err = await client.metrics(QUERY).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MiqRateLimitError);
    expect(err).toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: 0, message: 'slow down' });
    expect(s.requests).toHaveLength(4);
  });

  it('does not wait for a Retry-After longer than maxRetryAfterMs', async () => {
    const s = await serve(script([503, apiError('warehouse_unavailable', 'x'), { 'retry-after': '120' }]));
    const client = createClient({ baseUrl: s.url, token: 't' });
    const started = Date.now();
    const err = await client.metrics(QUERY).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MiqServerError);
    expect(err).toMatchObject({ code: 'warehouse_unavailable', status: 503 });
    expect(Date.now() - started).toBeLessThan(500);
    expect(s.requests).toHaveLength(1);
  });

  it.each([
    [400, MiqValidationError, 'validation_failed'],
    [401, MiqAuthError, 'unauthenticated'],
    [403, MiqForbiddenError, 'forbidden'],
    [404, MiqNotFoundError, 'not_found'],
    [409, MiqError, 'conflict'],
    [500, MiqServerError, 'internal'],
  ] as const)('never retries a %i', async (status, Class, code) => {
    const details = [{ field: 'measures[0]', code: 'unknown_member', message: 'Unknown member "ads.spnd"' }];
    const s = await serve(script([status, apiError(code, 'no', details), { 'x-request-id': `req-${status}` }]));
    const client = createClient({ baseUrl: s.url, token: 't', retryBaseDelayMs: 1 });
    const err = await client.metrics(QUERY).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Class);
    expect(err).toMatchObject({ status, code, details, requestId: `req-${status}` });
    expect(s.requests).toHaveLength(1);
  });

  it('retries a network failure, then reports MiqNetworkError', async () => {
    const s = await serve(hang);
    const url = s.url;
    await s.close();
    server = undefined;
    const client = createClient({ baseUrl: url, token: 't', retryBaseDelayMs: 10 });
    const err = await client.health().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MiqNetworkError);
    expect(err).toMatchObject({ code: 'network_error', status: 0 });
  });
});

describe('timeouts and cancellation (hanging test server)', () => {
  it('times out a request to a server that never answers, and closes the connection', async () => {
    const s = await serve(hang);
    const client = createClient({ baseUrl: s.url, token: 't', timeoutMs: 300 });
    const started = Date.now();
    const err = await client.metrics(QUERY).catch((e: unknown) => e);
    const took = Date.now() - started;
    expect(err).toBeInstanceOf(MiqTimeoutError);
    expect(err).toMatchObject({ code: 'timeout' });
    expect(took).toBeGreaterThanOrEqual(295);
    expect(took).toBeLessThan(1500);
    await s.requests[0]!.closedEarly; // resolves only if the client hung up
  });

  it('a per-call timeoutMs overrides the client default and bounds the retry wait too', async () => {
    const s = await serve(script([503, {}, { 'retry-after': '5' }]));
    const client = createClient({ baseUrl: s.url, token: 't', timeoutMs: 60_000 });
    const started = Date.now();
    await expect(client.metrics(QUERY, { timeoutMs: 400 })).rejects.toBeInstanceOf(MiqTimeoutError);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(s.requests).toHaveLength(1);
  });

  it('an AbortSignal cancels the request and the server sees the connection close', async () => {
    const s = await serve(hang);
    const client = createClient({ baseUrl: s.url, token: 't' });
    const controller = new AbortController();
    const pending = client.metrics(QUERY, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toBeInstanceOf(MiqAbortError);
    await s.requests[0]!.closedEarly;
  });

  it('an already-aborted signal rejects without sending anything', async () => {
    const s = await serve(script([200, OK]));
    const client = createClient({ baseUrl: s.url, token: 't' });
    await expect(client.metrics(QUERY, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'aborted' });
    expect(s.requests).toHaveLength(0);
  });
});

describe('in-flight de-duplication', () => {
  const slowOk: Handler = (_req, res) => {
    setTimeout(() => json(res, 200, OK), 200);
  };

  it('identical concurrent requests share one HTTP request; different ones do not', async () => {
    const s = await serve(slowOk);
    const client = createClient({ baseUrl: s.url, token: 't' });
    const same = await Promise.all([1, 2, 3, 4, 5].map(() => client.metrics(QUERY)));
    expect(same.every((r) => JSON.stringify(r) === JSON.stringify(OK))).toBe(true);
    expect(s.requests).toHaveLength(1);
    await Promise.all([client.metrics(QUERY), client.metrics({ measures: ['ads.clicks'] }), client.schema()]);
    expect(s.requests).toHaveLength(4);
  });

  it("one caller's abort does not abort the others sharing the request", async () => {
    const s = await serve(slowOk);
    const client = createClient({ baseUrl: s.url, token: 't' });
    const controller = new AbortController();
    const leaving = client.metrics(QUERY, { signal: controller.signal });
    const staying = [client.metrics(QUERY), client.metrics(QUERY)];
    setTimeout(() => controller.abort(), 50);
    await expect(leaving).rejects.toBeInstanceOf(MiqAbortError);
    expect(await Promise.all(staying)).toEqual([OK, OK]);
    expect(s.requests).toHaveLength(1);
    const closed = await Promise.race([s.requests[0]!.closedEarly.then(() => true), Promise.resolve(false)]);
    expect(closed).toBe(false);
  });

  it('when every caller has aborted, the shared request is cancelled', async () => {
    const s = await serve(hang);
    const client = createClient({ baseUrl: s.url, token: 't' });
    const a = new AbortController();
    const b = new AbortController();
    const calls = [client.metrics(QUERY, { signal: a.signal }), client.metrics(QUERY, { signal: b.signal })];
    await new Promise((r) => setTimeout(r, 50));
    a.abort();
    b.abort();
    for (const call of calls) await expect(call).rejects.toBeInstanceOf(MiqAbortError);
    await s.requests[0]!.closedEarly;
    expect(s.requests).toHaveLength(1);
  });

  it('requests for different dashboards (X-Miq-Dashboard) are not shared', async () => {
    const s = await serve(slowOk);
    const client = createClient({ baseUrl: s.url, token: 't' });
    await Promise.all([
      client.metrics(QUERY, { dashboard: 'google-ads' }),
      client.metrics(QUERY, { dashboard: 'google-ads' }),
      client.metrics(QUERY, { dashboard: 'meta-ads' }),
      client.metrics(QUERY),
    ]);
    expect(s.requests.map((r) => r.headers['x-miq-dashboard']).sort()).toEqual(['google-ads', 'meta-ads', undefined]);
  });

  it('saving a view creates one, so a 503 is not retried; deleting one is', async () => {
    const unavailable = [503, apiError('warehouse_unavailable', 'x'), { 'retry-after': '0' }] as [
      number,
      unknown,
      Record<string, string>,
    ];
    const s = await serve(script(unavailable, [200, { deleted: true }]));
    const client = createClient({ baseUrl: s.url, token: 't' });
    const save = client.dashboards.views.save('google-ads', { name: 'v', state: {} });
    await expect(save).rejects.toBeInstanceOf(MiqServerError);
    expect(s.requests).toHaveLength(1);
    await s.close();
    const again = await serve(script(unavailable, [200, { deleted: true }]));
    const other = createClient({ baseUrl: again.url, token: 't' });
    expect(await other.dashboards.views.remove('google-ads', 'v1')).toEqual({ deleted: true });
    expect(again.requests).toHaveLength(2);
  });

  it('view writes are never shared', async () => {
    const s = await serve((req, res) => json(res, 200, JSON.parse(req.body)));
    const client = createClient({ baseUrl: s.url, token: 't' });
    const view = { name: 'Mine', state: { dateRange: 'last 7 days' } };
    await Promise.all([
      client.dashboards.views.save('google-ads', view),
      client.dashboards.views.save('google-ads', view),
    ]);
    expect(s.requests).toHaveLength(2);
  });
});

describe('request shape (protocol test server)', () => {
  it('builds URLs, query strings and headers for every method', async () => {
    const s = await serve((_req, res) => json(res, 200, { ok: true }));
    const client = createClient({ baseUrl: `${s.url}/`, token: 'tok', locale: 'de-DE' });
    await client.filters('campaigns', { search: 'brand x', limit: 10, offset: 20 });
    await client.trends({ metric: 'ads.spend', granularity: 'week' });
    await client.trends({
      metric: 'ads.spend',
      dateRange: ['2026-10-01', '2026-10-31'],
      filters: [{ member: 'platform.code', operator: 'equals', values: ['meta'] }],
    });
    await client.dashboards.list();
    await client.dashboards.get('google ads');
    await client.dashboards.views.list('google-ads');
    await client.dashboards.views.remove('google-ads', 'v/1');
    await client.agents.query({ question: 'What did I spend?' });
    await client.agents.recommend({ dashboard: 'budget-pacing' });
    await client.alerts({ sensitivity: 3, days: 30 });
    await client.alerts();
    expect(s.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/v1/filters/campaigns?search=brand+x&limit=10&offset=20',
      'GET /api/v1/trends?metric=ads.spend&granularity=week',
      `GET /api/v1/trends?metric=ads.spend&dateRange=2026-10-01%2C2026-10-31&filters=${encodeURIComponent(
        '[{"member":"platform.code","operator":"equals","values":["meta"]}]',
      )}`,
      'GET /api/v1/dashboards',
      'GET /api/v1/dashboards/google%20ads',
      'GET /api/v1/dashboards/google-ads/views',
      'POST /api/v1/dashboards/google-ads/views/v%2F1/delete',
      'POST /api/v1/agents/query',
      'POST /api/v1/agents/recommend',
      'GET /api/v1/alerts?sensitivity=3&days=30',
      'GET /api/v1/alerts',
    ]);
    for (const r of s.requests) {
      expect(r.headers.authorization).toBe('Bearer tok');
      expect(r.headers['accept-language']).toBe('de-DE');
    }
    expect(JSON.parse(s.requests[7]!.body)).toEqual({ question: 'What did I spend?' });
    expect(s.requests[7]!.headers['content-type']).toBe('application/json');
  });
});

describe('error paths of the methods whose routes are not in the API yet (protocol test server)', () => {
  type Call = (c: ReturnType<typeof createClient>) => Promise<unknown>;
  const methods: [string, Call][] = [
    ['dashboards.list', (c) => c.dashboards.list()],
    ['dashboards.get', (c) => c.dashboards.get('google-ads')],
    ['dashboards.views.list', (c) => c.dashboards.views.list('google-ads')],
    ['dashboards.views.save', (c) => c.dashboards.views.save('google-ads', { name: 'v', state: {} })],
    ['dashboards.views.remove', (c) => c.dashboards.views.remove('google-ads', 'v1')],
    ['agents.query', (c) => c.agents.query({ question: 'spend?' })],
    ['agents.recommend', (c) => c.agents.recommend({ dashboard: 'budget-pacing' })],
    ['alerts', (c) => c.alerts()],
  ];
  const details = [{ field: 'search', code: 'too_long', message: 'At most 100 characters.' }];
  const cases = [
    [400, MiqValidationError, 'validation_failed'],
    [401, MiqAuthError, 'unauthenticated'],
    [403, MiqForbiddenError, 'forbidden'],
    [404, MiqNotFoundError, 'not_found'],
  ] as const;

  it.each(methods)('%s: 400/401/403/404 become typed errors with details, each sent once', async (_name, call) => {
    for (const [status, Class, code] of cases) {
      const s = await serve(script([status, apiError(code, 'no', details)]));
      const err = await call(createClient({ baseUrl: s.url, token: 't' })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Class);
      expect(err).toMatchObject({ status, code, details });
      expect(s.requests).toHaveLength(1);
      await s.close();
      server = undefined;
    }
  });
});
