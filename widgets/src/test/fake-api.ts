/**
 * A fake embed API at the protocol boundary: a `fetch` that answers `/api/v1/...` requests like the real API, over a
 * tiny in-memory fact table. Tests hand it to the SDK client (`createClient({ fetch })`) and assert on what the page shows.
 */
import type { AgentQueryResponse, AlertsResponse, RecommendResponse } from '../internal/agents-wire.js';
import type { DashboardDocument } from '../internal/dashboard-document.js';

export interface Fact {
  readonly 'platform.code': string;
  readonly 'campaign.name': string;
  readonly 'ad_group.name': string;
  readonly 'ad.name': string;
  readonly 'date.day': string;
  readonly 'ads.spend': number;
  readonly 'ads.conversion_value': number;
}

/** 2 platforms × 2 campaigns, a few days; totals are easy to add up by hand in the tests. */
export const FACTS: readonly Fact[] = [
  f('google_ads', 'Brand', 'Brand exact', 'Ad 1', '2026-11-20', 100, 400),
  f('google_ads', 'Brand', 'Brand broad', 'Ad 2', '2026-11-21', 50, 100),
  f('google_ads', 'Generic', 'Generic exact', 'Ad 3', '2026-11-21', 200, 300),
  f('meta', 'Prospecting', 'Lookalike', 'Ad 4', '2026-11-20', 80, 40),
  f('meta', 'Retargeting', 'Visitors', 'Ad 5', '2026-11-22', 20, 160),
  // outside "last 7 days" but inside "last 30 days" (the fake API's today is 2026-11-23)
  f('google_ads', 'Brand', 'Brand exact', 'Ad 1', '2026-10-30', 1000, 0),
  // the comparison period (previous 3 days for a 3-day range)
  f('google_ads', 'Brand', 'Brand exact', 'Ad 1', '2026-11-17', 200, 200),
  f('meta', 'Prospecting', 'Lookalike', 'Ad 4', '2026-11-18', 100, 100),
];

function f(
  platform: string,
  campaign: string,
  adGroup: string,
  ad: string,
  day: string,
  spend: number,
  value: number,
): Fact {
  return {
    'platform.code': platform,
    'campaign.name': campaign,
    'ad_group.name': adGroup,
    'ad.name': ad,
    'date.day': day,
    'ads.spend': spend,
    'ads.conversion_value': value,
  };
}

type Ann = { title: string; kind: string; type: string; format?: string; currency?: string };
const ANNOTATION: Record<string, Ann> = {
  'ads.spend': { title: 'Spend', kind: 'measure', type: 'number', format: 'currency', currency: 'EUR' },
  'ads.conversion_value': {
    title: 'Conversion value',
    kind: 'measure',
    type: 'number',
    format: 'currency',
    currency: 'EUR',
  },
  'ads.roas': { title: 'ROAS', kind: 'measure', type: 'number', format: 'number' },
  'platform.code': { title: 'Platform code', kind: 'dimension', type: 'string' },
  'campaign.name': { title: 'Campaign', kind: 'dimension', type: 'string' },
  'ad_group.name': { title: 'Ad group', kind: 'dimension', type: 'string' },
  'ad.name': { title: 'Ad', kind: 'dimension', type: 'string' },
  'date.day': { title: 'Day', kind: 'time', type: 'time' },
  'ga4.sessions': { title: 'Sessions', kind: 'measure', type: 'number', format: 'integer' },
};

/** GA4 sessions per day: a second fact that campaign and platform dimensions cannot filter. */
export const GA4_SESSIONS: readonly { readonly day: string; readonly sessions: number }[] = [
  { day: '2026-11-20', sessions: 300 },
  { day: '2026-11-21', sessions: 200 },
];

/** Facts per member, as `GET /api/v1/schema` reports them. */
const FACTS_OF: Record<string, string[]> = {
  'ads.spend': ['ads'],
  'ads.conversion_value': ['ads'],
  'ads.roas': ['ads'],
  'ga4.sessions': ['ga4_traffic'],
  'platform.code': ['ads'],
  'campaign.name': ['ads'],
  'ad_group.name': ['ads'],
  'ad.name': ['ads'],
  'date.day': ['ads', 'ga4_traffic'],
};

/** The fake API's "today" in the tenant's time zone: relative ranges resolve against it. */
export const FAKE_TODAY = '2026-11-23';

function resolveRange(range: string | [string, string] | undefined): [string, string] | undefined {
  if (range === undefined || Array.isArray(range)) return range;
  const m = /^last (\d+) days$/.exec(range);
  if (m) return [shiftDays(FAKE_TODAY, -Number(m[1])), shiftDays(FAKE_TODAY, -1)];
  if (range === 'this month') return [`${FAKE_TODAY.slice(0, 8)}01`, FAKE_TODAY];
  throw new Error(`fake API: unsupported range ${range}`);
}

interface Query {
  measures?: string[];
  dimensions?: string[];
  timeDimension?: { dimension: string; granularity?: string; dateRange?: [string, string] | string };
  filters?: { member: string; operator: string; values: string[] }[];
  compare?: string;
  order?: [string, 'asc' | 'desc'][];
  limit?: number;
}

function shiftDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function aggregate(q: Query, range: [string, string] | undefined) {
  const dims = [...(q.dimensions ?? [])];
  if (q.timeDimension?.granularity) dims.unshift(q.timeDimension.dimension);
  const groups = new Map<string, Record<string, string | number | null>>();
  for (const fact of FACTS) {
    if (range && (fact['date.day'] < range[0] || fact['date.day'] > range[1])) continue;
    const ok = (q.filters ?? []).every((flt) => {
      const v = String((fact as unknown as Record<string, unknown>)[flt.member]);
      return flt.operator === 'notIn' ? !flt.values.includes(v) : flt.values.map(String).includes(v);
    });
    if (!ok) continue;
    const key = dims.map((d) => (fact as unknown as Record<string, unknown>)[d]).join('|');
    let row = groups.get(key);
    if (!row) {
      row = {};
      for (const d of dims) row[d] = (fact as unknown as Record<string, string>)[d] ?? null;
      for (const m of q.measures ?? []) row[m] = 0;
      groups.set(key, row);
    }
    for (const m of q.measures ?? []) {
      if (m === 'ads.roas') continue;
      row[m] = Number(row[m]) + Number((fact as unknown as Record<string, number>)[m]);
    }
  }
  const rows = [...groups.values()];
  for (const row of rows) {
    if ((q.measures ?? []).includes('ads.roas')) {
      const spend = FACTS.length ? Number(row['ads.spend'] ?? 0) : 0;
      row['ads.roas'] = spend ? Number(row['ads.conversion_value'] ?? 0) / spend : null;
    }
  }
  for (const [member, dir] of [...(q.order ?? [])].reverse()) {
    rows.sort((a, b) => {
      const x = a[member] ?? 0;
      const y = b[member] ?? 0;
      const c = x < y ? -1 : x > y ? 1 : 0;
      return dir === 'desc' ? -c : c;
    });
  }
  return q.limit ? rows.slice(0, q.limit) : rows;
}

export interface FakeApiOptions {
  readonly dashboards?: Record<string, DashboardDocument>;
  /** Answer these metrics requests (matched by a measure they ask for) with an error status + code. */
  readonly failMeasure?: Record<string, { status: number; code: string }>;
  /** Tokens the API accepts; others get 401 token_expired. Undefined accepts any token. */
  readonly validTokens?: readonly string[];
  /** Delay before answering, ms. */
  readonly delayMs?: number;
  readonly filterOptions?: Record<string, { value: string; label: string }[]>;
  /** Answer `GET /schema` with 404 (a client without a catalog sends every filter). */
  readonly noSchema?: boolean;
  /** `meta.freshness.lastSyncedAt` in metrics responses. */
  readonly lastSyncedAt?: string;
  /** `POST /agents/recommend` answers per dashboard id (others: no findings, nothing unavailable). */
  readonly findings?: Record<string, RecommendResponse>;
  /** `GET /alerts` answers per `sensitivity` query value (`''` when none is sent; others: no alerts). */
  readonly alerts?: Record<string, AlertsResponse>;
  /** `POST /agents/query` answers per question (others: a refusal). */
  readonly answers?: Record<string, AgentQueryResponse>;
  /**
   * Saved views already stored, per dashboard id (for every token). The fake keeps views per token (its end user) and
   * dashboard, and validates a save like the API (name 1–120 characters, state an object of at most 16 000 bytes).
   */
  readonly savedViews?: Record<string, { id: string; name: string; state: Record<string, unknown> }[]>;
  /** Answer `GET /dashboards/{id}/views` with this error. */
  readonly failViewsList?: { status: number; code: string };
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly search: URLSearchParams;
  readonly body: unknown;
  readonly authorization: string | null;
}

/** Returns a `fetch` that behaves like the embed API, and the list of requests it saw. */
export function fakeApi(options: FakeApiOptions = {}) {
  const requests: RecordedRequest[] = [];
  const views = new Map<string, { id: string; name: string; state: Record<string, unknown>; createdAt: string }[]>();
  let nextView = 1;
  const viewsOf = (authorization: string | null, dashboard: string) => {
    const key = `${authorization}|${dashboard}`;
    let list = views.get(key);
    if (!list) {
      list = (options.savedViews?.[dashboard] ?? []).map((v) => ({ ...v, createdAt: '2026-11-20T10:00:00.000Z' }));
      views.set(key, list);
    }
    return list;
  };
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      location.href,
    );
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const rawBody = init?.body ?? (input instanceof Request ? await input.text() : undefined);
    const body = typeof rawBody === 'string' && rawBody ? JSON.parse(rawBody) : undefined;
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const authorization = headers.get('authorization');
    requests.push({ method, path: url.pathname, search: url.searchParams, body, authorization });
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const token = authorization?.replace(/^Bearer /, '');
    if (options.validTokens && (!token || !options.validTokens.includes(token))) {
      return json(401, { error: { code: 'token_expired', message: 'The token has expired.', details: [] } });
    }
    const path = url.pathname.replace(/^.*\/api\/v1/, '');
    if (path === '/metrics' && method === 'POST') {
      const q = body as Query;
      for (const m of q.measures ?? []) {
        const fail = options.failMeasure?.[m];
        if (fail)
          return json(fail.status, { error: { code: fail.code, message: `Failed: ${fail.code}`, details: [] } });
      }
      const range = resolveRange(q.timeDimension?.dateRange);
      const measureFacts = new Set((q.measures ?? []).flatMap((m) => FACTS_OF[m] ?? []));
      const bad = (q.filters ?? []).filter((flt) => !(FACTS_OF[flt.member] ?? []).some((f) => measureFacts.has(f)));
      if (bad.length > 0) {
        return json(400, {
          error: {
            code: 'validation_failed',
            message: 'The request is not valid. See details for each offending field.',
            details: bad.map((b) => ({
              field: 'filters',
              code: 'not_joinable',
              message: `${b.member} cannot filter these measures`,
            })),
          },
        });
      }
      const rows =
        q.measures?.[0] === 'ga4.sessions'
          ? [
              {
                'ga4.sessions': GA4_SESSIONS.filter((g) => !range || (g.day >= range[0] && g.day <= range[1])).reduce(
                  (a, g) => a + g.sessions,
                  0,
                ),
              },
            ]
          : aggregate(q, range);
      const annotation: Record<string, Ann> = {};
      const members = [...(q.measures ?? []), ...(q.dimensions ?? [])];
      if (q.timeDimension?.granularity) members.push(q.timeDimension.dimension);
      for (const m of members) if (ANNOTATION[m]) annotation[m] = ANNOTATION[m];
      let compareRange: [string, string] | null = null;
      if (q.compare && range) {
        const days = Math.round((Date.parse(range[1]) - Date.parse(range[0])) / 86400000) + 1;
        compareRange = [shiftDays(range[0], -days), shiftDays(range[1], -days)];
        const previous = aggregate(q, compareRange);
        const dims = q.dimensions ?? [];
        for (const row of rows) {
          const match = previous.find((p) => dims.every((d) => p[d] === row[d]));
          for (const m of q.measures ?? []) {
            const prev = match ? Number(match[m]) : null;
            row[`${m}.previous`] = prev;
            row[`${m}.change`] = prev ? (Number(row[m]) - prev) / Math.abs(prev) : null;
            annotation[`${m}.previous`] = { ...ANNOTATION[m]!, kind: 'previous' };
            annotation[`${m}.change`] = { title: 'Change', kind: 'change', type: 'number', format: 'percent' };
          }
        }
      }
      return json(200, {
        rows,
        annotation,
        query: {
          measures: q.measures ?? [],
          dimensions: q.dimensions ?? [],
          timeDimension: q.timeDimension
            ? {
                dimension: q.timeDimension.dimension,
                granularity: q.timeDimension.granularity ?? null,
                dateRange: range ?? null,
                relativeRange: typeof q.timeDimension.dateRange === 'string' ? q.timeDimension.dateRange : null,
              }
            : null,
          compare: q.compare && compareRange ? { mode: q.compare, dateRange: compareRange } : null,
          filters: q.filters ?? [],
          order: q.order ?? [],
          limit: q.limit ?? 1000,
          offset: 0,
          total: false,
          timeZone: 'Europe/Berlin',
        },
        total: null,
        meta: {
          catalogVersion: 'test',
          timing: { compileMs: 0, executeMs: 0, totalMs: 0 },
          freshness: {
            lastSyncedAt: options.lastSyncedAt ?? null,
            sources: options.lastSyncedAt ? { google_ads: options.lastSyncedAt } : {},
          },
        },
      });
    }
    if (path === '/schema' && method === 'GET') {
      if (options.noSchema) return json(404, { error: { code: 'not_found', message: 'Not found.', details: [] } });
      const kind = (m: string) => ANNOTATION[m]?.kind;
      const list = (k: string) =>
        Object.keys(FACTS_OF)
          .filter((m) => (k === 'measure' ? kind(m) === 'measure' : kind(m) !== 'measure'))
          .map((name) => ({ name, title: ANNOTATION[name]?.title ?? name, facts: FACTS_OF[name] }));
      return json(200, { version: 'test', measures: list('measure'), dimensions: list('dimension') });
    }
    if (path === '/agents/recommend' && method === 'POST') {
      const id = (body as { dashboard: string }).dashboard;
      return json(200, options.findings?.[id] ?? { dashboard: id, findings: [], unavailable: [] });
    }
    if (path === '/alerts' && method === 'GET') {
      const sensitivity = url.searchParams.get('sensitivity') ?? '';
      return json(
        200,
        options.alerts?.[sensitivity] ?? {
          alerts: [],
          window: ['2026-08-25', '2026-11-22'],
          sensitivity: Number(sensitivity || 4),
        },
      );
    }
    if (path === '/agents/query' && method === 'POST') {
      const question = (body as { question: string }).question;
      return json(
        200,
        options.answers?.[question] ?? {
          kind: 'refusal',
          question,
          message: "I can't answer that yet.",
          reason: 'Not understood.',
          suggestions: ['Spend last 7 days'],
        },
      );
    }
    const viewsPath = path.match(/^\/dashboards\/([^/]+)\/views(?:\/([^/]+)\/delete)?$/);
    if (viewsPath) {
      const id = decodeURIComponent(viewsPath[1]!);
      if (!options.dashboards?.[id]) {
        return json(404, { error: { code: 'not_found', message: 'Not found.', details: [] } });
      }
      const list = viewsOf(authorization, id);
      if (viewsPath[2] && method === 'POST') {
        const i = list.findIndex((v) => v.id === decodeURIComponent(viewsPath[2]!));
        if (i < 0) {
          return json(404, {
            error: {
              code: 'not_found',
              message: 'Not found.',
              details: [{ field: 'view', code: 'unknown_view', message: 'No such saved view.' }],
            },
          });
        }
        list.splice(i, 1);
        return json(200, { deleted: true });
      }
      if (method === 'GET') {
        if (options.failViewsList) {
          const f = options.failViewsList;
          return json(f.status, { error: { code: f.code, message: `Failed: ${f.code}`, details: [] } });
        }
        return json(200, { views: list });
      }
      if (method === 'POST') {
        const input = (body ?? {}) as { name?: unknown; state?: unknown };
        const details: { field: string; code: string; message: string }[] = [];
        if (typeof input.name !== 'string' || input.name.length < 1 || input.name.length > 120) {
          details.push({ field: 'name', code: 'invalid', message: 'Expected 1 to 120 characters.' });
        }
        if (!input.state || typeof input.state !== 'object' || Array.isArray(input.state)) {
          details.push({ field: 'state', code: 'invalid_type', message: 'Expected an object.' });
        } else if (JSON.stringify(input.state).length > 16_000) {
          details.push({ field: 'state', code: 'custom', message: 'at most 16 000 bytes' });
        }
        if (details.length > 0) {
          return json(400, {
            error: { code: 'validation_failed', message: 'The request is not valid.', details },
          });
        }
        const view = {
          id: `view_${nextView++}`,
          name: input.name as string,
          state: input.state as Record<string, unknown>,
          createdAt: new Date().toISOString(),
        };
        list.push(view);
        return json(201, { view });
      }
    }
    const dash = path.match(/^\/dashboards\/([^/]+)$/);
    if (dash && method === 'GET') {
      const doc = options.dashboards?.[decodeURIComponent(dash[1]!)];
      return doc ? json(200, doc) : json(404, { error: { code: 'not_found', message: 'Not found.', details: [] } });
    }
    const filt = path.match(/^\/filters\/([^/]+)$/);
    if (filt && method === 'GET') {
      const type = decodeURIComponent(filt[1]!);
      const all = options.filterOptions?.[type] ?? [];
      const search = (url.searchParams.get('search') ?? '').toLowerCase();
      const options2 = all.filter((o) => o.label.toLowerCase().includes(search));
      const member = type === 'platforms' ? 'platform.code' : `${type}.id`;
      return json(200, {
        type,
        member,
        options: options2,
        total: options2.length,
        limit: 50,
        offset: 0,
        hasMore: false,
      });
    }
    return json(404, { error: { code: 'not_found', message: 'Not found.', details: [] } });
  };
  return { fetch: fetchImpl as typeof fetch, requests };
}

/** Waits until `predicate` holds (polling each animation frame), or fails after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
