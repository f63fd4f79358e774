/**
 * The adversarial suite's registry: attack cases per route. Each case makes one or more requests as partner `p-alpha`
 * / tenant `rare-seeds` against the real app and states the outcome (status, and the detail `code` naming why);
 * the runner (`adversarial.case.test.ts`) also scans every response for the other tenants' markers, SQL text and
 * stack traces. Later issues add their routes' cases with `registerAttackCases`.
 *
 * @example
 * registerAttackCases([{ id: 'dashboards/foreign', route: 'GET /api/v1/dashboards/:id', attack: '…',
 *   run: async (w) => [await w.send(w.app, '/api/v1/dashboards/x', { headers: { authorization: `Bearer ${await w.token()}` } })],
 *   expect: { status: 403, code: 'dashboard_not_allowed' } }]);
 */
import { base64url, exportSPKI } from 'jose';
import { agentAttackCases } from '../agents/attack-cases.js';
import { dashboardAttackCases } from '../dashboards/attack-cases.js';
import type { Observed, World } from './testing/world.js';
import { ALPHA_ORIGIN, ATTACKER_TENANT, VICTIM_TENANT } from './testing/world.js';

export interface AttackExpectation {
  /** Every response's status (or one of these). */
  readonly status: number | readonly number[];
  /** The first detail's `code` (or the error `code` when there are no details). */
  readonly code?: string;
}

export interface AttackCase {
  /** Unique, `route-area/what`. */
  readonly id: string;
  /** `METHOD /path` the case attacks. */
  readonly route: string;
  readonly attack: string;
  /** Makes the attack; returns every response (each is checked against `expect` and scanned). */
  readonly run: (w: World) => Promise<Observed[]>;
  readonly expect: AttackExpectation;
  /**
   * Whose data the responses may show: `tenant` (default) = only `rare-seeds`'s; `partner` = any of `p-alpha`'s
   * tenants (admin routes), never `p-beta`'s.
   */
  readonly viewer?: 'tenant' | 'partner';
  /** Further checks (throw to fail), e.g. that the rows are only the locked account's. */
  readonly check?: (responses: Observed[], w: World) => Promise<void> | void;
}

/** Throws with `message` unless `condition` holds (the registry does not depend on a test framework). */
export function ensure(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const DATA_ROUTES = [
  { route: 'GET /api/v1/schema', path: '/api/v1/schema', method: 'GET' },
  { route: 'POST /api/v1/metrics', path: '/api/v1/metrics', method: 'POST' },
] as const;
type DataRoute = (typeof DATA_ROUTES)[number];

const QUERY = { measures: ['ads.clicks'], dimensions: ['account.id'] };

/** Calls a data route with `token` (or none) and extra headers; metrics gets `body` (default: a valid query). */
function call(w: World, r: DataRoute, token: string | undefined, extra: Record<string, string> = {}, body?: unknown) {
  const headers: Record<string, string> = { ...extra };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (r.method === 'GET') return w.send(w.app, r.path, { headers });
  headers['content-type'] = 'application/json';
  return w.send(w.app, r.path, { method: 'POST', headers, body: JSON.stringify(body ?? QUERY) });
}

function enc(o: unknown): string {
  return base64url.encode(JSON.stringify(o));
}

async function hmac(secret: Uint8Array, data: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new Uint8Array(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return base64url.encode(new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(data))));
}

function tokenCases(r: DataRoute): AttackCase[] {
  const c = (id: string, attack: string, expect: AttackExpectation, token: (w: World) => Promise<string | undefined>) =>
    ({
      id: `${r.path.split('/').pop()}/${id}`,
      route: r.route,
      attack,
      expect,
      run: async (w: World) => [await call(w, r, await token(w))],
    }) satisfies AttackCase;
  const now = () => Math.floor(Date.now() / 1000);
  return [
    c('missing-token', 'no Authorization header', { status: 401, code: 'missing' }, async () => undefined),
    c('malformed-token', 'a token that is not a JWS', { status: 401, code: 'malformed' }, async () => 'not.a-token'),
    c('alg-none', 'an unsecured token (alg none)', { status: 401, code: 'algorithm_mismatch' }, async (w) => {
      const t = now();
      const claims = { iss: 'p-alpha', aud: 'marketing-iq', sub: 'x', tenant: ATTACKER_TENANT, dashboards: ['*'] };
      return `${enc({ alg: 'none', kid: w.keys.EdDSA.kid, typ: 'miq-embed+jwt' })}.${enc({ ...claims, iat: t, exp: t + 60, jti: 'j' })}.`;
    }),
    c(
      'hs256-with-public-key',
      'HS256 signed with the partner’s RS256 public key as the HMAC secret (algorithm confusion)',
      { status: 401, code: 'algorithm_mismatch' },
      async (w) => {
        const { importJWK } = await import('jose');
        const pem = await exportSPKI(
          (await importJWK(w.keys.RS256.publicJwk!, 'RS256', { extractable: true })) as never,
        );
        const t = now();
        const head = enc({ alg: 'HS256', kid: w.keys.RS256.kid, typ: 'miq-embed+jwt' });
        const body = enc({
          iss: 'p-alpha',
          aud: 'marketing-iq',
          sub: 'x',
          tenant: VICTIM_TENANT,
          dashboards: ['*'],
          iat: t,
          exp: t + 60,
          jti: 'j',
        });
        return `${head}.${body}.${await hmac(new TextEncoder().encode(pem), `${head}.${body}`)}`;
      },
    ),
    c('expired', 'exp in the past (beyond the skew)', { status: 401, code: 'expired' }, (w) =>
      w.token({ iat: now() - 3600, nbf: now() - 3600, exp: now() - 120 }),
    ),
    c('nbf-future', 'nbf two minutes ahead', { status: 401, code: 'not_yet_valid' }, (w) =>
      w.token({ nbf: now() + 120 }),
    ),
    c('lifetime-over-max', 'exp − iat of 2 h (server maximum 1 h)', { status: 401, code: 'lifetime_too_long' }, (w) =>
      w.token({ exp: now() + 7200 }),
    ),
    c('wrong-aud', 'aud of another service', { status: 401, code: 'wrong_audience' }, (w) =>
      w.token({ aud: 'other-service' }),
    ),
    c('wrong-iss', 'iss naming the other partner', { status: 401, code: 'wrong_issuer' }, (w) =>
      w.token({ iss: 'p-beta' }),
    ),
    c('typ-export', 'an export-typed token on a data route', { status: 401, code: 'wrong_type' }, (w) =>
      w.sign(w.keys.EdDSA, { header: { typ: 'miq-export+jwt' } }),
    ),
    c('typ-admin', 'an admin-typed token on a data route', { status: 401, code: 'wrong_type' }, (w) =>
      w.sign(w.keys.EdDSA, { header: { typ: 'miq-admin+jwt' } }),
    ),
    c('typ-missing', 'a plain JWT without typ', { status: 401, code: 'wrong_type' }, (w) =>
      w.sign(w.keys.EdDSA, { header: { typ: undefined } }),
    ),
    c('unknown-kid', 'a kid nobody registered', { status: 401, code: 'unknown_key' }, (w) =>
      w.sign(w.keys.EdDSA, { header: { kid: 'made-up-kid' } }),
    ),
    c(
      'foreign-tenant',
      'partner alpha’s key for partner beta’s tenant',
      { status: 403, code: 'tenant_not_owned' },
      (w) => w.token({ tenant: VICTIM_TENANT }),
    ),
    c(
      'beta-key-alpha-tenant',
      'partner beta’s key for partner alpha’s tenant',
      { status: 403, code: 'tenant_not_owned' },
      (w) => w.sign(w.keys.beta, { claims: { tenant: ATTACKER_TENANT } }),
    ),
    c(
      'tampered-payload',
      'payload edited after signing (tenant switched)',
      { status: 401, code: 'bad_signature' },
      async (w) => {
        const [h, p, s] = (await w.token()).split('.');
        const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p!)));
        return `${h}.${enc({ ...claims, tenant: 'kiwi-outdoors' })}.${s}`;
      },
    ),
    c('oversized-token', 'a 20 kB token', { status: 401, code: 'malformed' }, async (w) => {
      const [h, , s] = (await w.token()).split('.');
      return `${h}.${'A'.repeat(20_000)}.${s}`;
    }),
    c(
      'api-key-as-token',
      'a partner API key sent to a data route',
      { status: 401, code: 'wrong_token_kind' },
      async (w) => w.apiKeys.alpha,
    ),
    c(
      'control-chars-in-token',
      'control characters inside the token',
      { status: 401, code: 'malformed' },
      async (w) => `${(await w.token()).slice(0, 20)}\u0001\u007f${(await w.token()).slice(22)}`,
    ),
    {
      id: `${r.path.split('/').pop()}/origin-claim-mismatch`,
      route: r.route,
      attack: 'a token bound to alpha’s origin used from another page',
      expect: { status: 403, code: 'origin_mismatch' },
      run: async (w) => [
        await call(w, r, await w.token({ origin: ALPHA_ORIGIN }), { origin: 'https://evil.example' }),
        await call(w, r, await w.token({ origin: ALPHA_ORIGIN })),
      ],
    },
    {
      id: `${r.path.split('/').pop()}/origin-not-registered`,
      route: r.route,
      attack: 'a browser request from a page the partner did not register',
      expect: { status: 403, code: 'origin_not_registered' },
      run: async (w) => [await call(w, r, await w.token(), { origin: 'https://evil.example' })],
    },
    {
      id: `${r.path.split('/').pop()}/query-names-tenant`,
      route: r.route,
      attack: 'a query parameter naming another tenant',
      expect: { status: 400, code: 'forbidden_field' },
      run: async (w) => {
        const headers = { authorization: `Bearer ${await w.token()}`, 'content-type': 'application/json' };
        const init = r.method === 'GET' ? { headers } : { method: 'POST', headers, body: JSON.stringify(QUERY) };
        return [
          await w.send(w.app, `${r.path}?tenant=${VICTIM_TENANT}`, init),
          await w.send(w.app, `${r.path}?warehouseLocation=${VICTIM_TENANT}`, init),
        ];
      },
    },
  ];
}

const metrics = DATA_ROUTES[1];

async function rowsOf(o: Observed): Promise<Record<string, unknown>[]> {
  return (JSON.parse(o.text) as { rows: Record<string, unknown>[] }).rows;
}

/** A string field of the metrics query, and where to put a hostile value in it. */
const INJECTION_FIELDS: readonly [string, (v: string) => unknown][] = [
  ['measures[0]', (v) => ({ measures: [v] })],
  ['dimensions[0]', (v) => ({ measures: ['ads.clicks'], dimensions: [v] })],
  [
    'filters[0].member',
    (v) => ({ measures: ['ads.clicks'], filters: [{ member: v, operator: 'equals', values: ['1'] }] }),
  ],
  [
    'filters[0].operator',
    (v) => ({ measures: ['ads.clicks'], filters: [{ member: 'campaign.name', operator: v, values: ['1'] }] }),
  ],
  [
    'filters[0].values[0]',
    (v) => ({ measures: ['ads.clicks'], filters: [{ member: 'campaign.name', operator: 'equals', values: [v] }] }),
  ],
  [
    'filters[0].values[0] (contains)',
    (v) => ({ measures: ['ads.clicks'], filters: [{ member: 'campaign.name', operator: 'contains', values: [v] }] }),
  ],
  ['order[0][0]', (v) => ({ measures: ['ads.clicks'], order: [[v, 'desc']] })],
  ['order[0][1]', (v) => ({ measures: ['ads.clicks'], order: [['ads.clicks', v]] })],
  [
    'timeDimension.dimension',
    (v) => ({
      measures: ['ads.clicks'],
      timeDimension: { dimension: v, granularity: 'day', dateRange: 'last 7 days' },
    }),
  ],
  [
    'timeDimension.granularity',
    (v) => ({
      measures: ['ads.clicks'],
      timeDimension: { dimension: 'date.day', granularity: v, dateRange: 'last 7 days' },
    }),
  ],
  [
    'timeDimension.dateRange',
    (v) => ({ measures: ['ads.clicks'], timeDimension: { dimension: 'date.day', dateRange: v } }),
  ],
  [
    'timeDimension.dateRange[0]',
    (v) => ({ measures: ['ads.clicks'], timeDimension: { dimension: 'date.day', dateRange: [v, '2026-01-01'] } }),
  ],
  [
    'compare',
    (v) => ({
      measures: ['ads.clicks'],
      timeDimension: { dimension: 'date.day', dateRange: 'last 7 days' },
      compare: v,
    }),
  ],
];
const INJECTIONS = [
  `x' or '1'='1`,
  `"; drop table tenants; --`,
  `ads.clicks) union select * from ${VICTIM_TENANT}.marts.fact_campaign_performance_daily --`,
  `${VICTIM_TENANT}".marts."fact_campaign_performance_daily`,
];

function metricsCases(): AttackCase[] {
  const META = (w: World) => [...w.rawClicks.get(ATTACKER_TENANT)!.keys()].sort()[0]!;
  const OTHER = (w: World) => [...w.rawClicks.get(ATTACKER_TENANT)!.keys()].sort()[1]!;
  const lockedOnly = async (responses: Observed[], w: World) => {
    const locked = META(w);
    for (const o of responses) {
      for (const row of await rowsOf(o)) {
        ensure(
          row['account.id'] === undefined || row['account.id'] === locked,
          `row outside the lock: ${JSON.stringify(row)}`,
        );
      }
      const total = (await rowsOf(o)).reduce((s, row) => s + Number(row['ads.clicks'] ?? 0), 0);
      ensure(
        total === w.rawClicks.get(ATTACKER_TENANT)!.get(locked) || total === 0,
        `clicks ${total} are not the locked account's`,
      );
    }
  };
  const post = async (w: World, body: unknown, claims: Record<string, unknown> = {}) =>
    call(w, metrics, await w.token(claims), {}, body);
  return [
    {
      id: 'metrics/body-names-tenant',
      route: metrics.route,
      attack: 'a body naming another tenant or a warehouse location',
      expect: { status: 400, code: 'forbidden_field' },
      run: async (w) => [
        await post(w, { ...QUERY, tenant: VICTIM_TENANT }),
        await post(w, { ...QUERY, tenantId: VICTIM_TENANT }),
        await post(w, { ...QUERY, warehouseLocation: VICTIM_TENANT }),
      ],
    },
    {
      id: 'metrics/filter-widens-lock',
      route: metrics.route,
      attack: 'a request filter asking for a second account under an account lock',
      expect: { status: 200 },
      run: async (w) => [
        await post(
          w,
          { ...QUERY, filters: [{ member: 'account.id', operator: 'in', values: [META(w), OTHER(w)] }] },
          { filters: { 'account.id': [META(w)] } },
        ),
        await post(
          w,
          { ...QUERY, filters: [{ member: 'account.id', operator: 'notEquals', values: [META(w)] }] },
          { filters: { 'account.id': [META(w)] } },
        ),
      ],
      check: async (responses, w) => {
        await lockedOnly(responses, w);
        const total = async (o: Observed) => (await rowsOf(o)).reduce((s, r) => s + Number(r['ads.clicks'] ?? 0), 0);
        ensure(
          (await total(responses[0]!)) === w.rawClicks.get(ATTACKER_TENANT)!.get(META(w)),
          'in: not the locked total',
        );
        ensure((await total(responses[1]!)) === 0, 'notEquals the locked account: must read nothing');
      },
    },
    {
      id: 'metrics/filter-widens-lock-through-or',
      route: metrics.route,
      attack: 'widening an account lock through an `or` group',
      expect: { status: 200 },
      run: async (w) => [
        await post(
          w,
          {
            ...QUERY,
            filters: [
              {
                or: [
                  { member: 'account.id', operator: 'equals', values: [OTHER(w)] },
                  { member: 'platform.code', operator: 'set' },
                ],
              },
            ],
          },
          { filters: { 'account.id': [META(w)] } },
        ),
      ],
      check: async (responses, w) => {
        // `platform.code set` matches every row, so the `or` would read every account were the lock not ANDed.
        await lockedOnly(responses, w);
        const total = (await rowsOf(responses[0]!)).reduce((s, row) => s + Number(row['ads.clicks'] ?? 0), 0);
        ensure(total === w.rawClicks.get(ATTACKER_TENANT)!.get(META(w)), `clicks ${total}`);
      },
    },
    {
      id: 'metrics/lock-unreachable',
      route: metrics.route,
      attack: 'an account lock with a query on email facts, which no account reaches (must fail closed)',
      expect: { status: 403, code: 'locked_filter_unreachable' },
      run: async (w) => [
        await post(w, { measures: ['email_campaigns.recipients'] }, { filters: { 'account.id': [META(w)] } }),
      ],
    },
    {
      id: 'metrics/lock-unknown-member',
      route: metrics.route,
      attack: 'a locked filter on a member the catalog does not have (must fail closed)',
      expect: { status: 403, code: 'locked_filter_unknown' },
      run: async (w) => [await post(w, QUERY, { filters: { 'account.nope': ['1'] } })],
    },
    {
      id: 'metrics/outside-dashboards',
      route: metrics.route,
      attack: 'members outside the token’s dashboards (named dashboards grant only their members)',
      expect: { status: 403, code: 'member_not_allowed' },
      run: async (w) => [await post(w, QUERY, { dashboards: ['google-ads'] })],
    },
    {
      id: 'metrics/outside-scope',
      route: metrics.route,
      attack: 'a member outside the explicit scope claim',
      expect: { status: 403, code: 'member_not_allowed' },
      run: async (w) => [await post(w, { measures: ['ads.spend'] }, { scope: ['ads.clicks', 'account.id'] })],
    },
    ...INJECTION_FIELDS.flatMap(([field, place]) =>
      INJECTIONS.map(
        (value, i): AttackCase => ({
          id: `metrics/sql-injection/${field}/${i}`,
          route: metrics.route,
          attack: `SQL in ${field}`,
          expect: { status: [200, 400] },
          run: async (w) => [await post(w, place(value))],
          check: async (responses) => {
            for (const o of responses.filter((x) => x.status === 200)) {
              // Only a value may be accepted, and as data: it matches nothing.
              const rows = await rowsOf(o);
              ensure(
                rows.every((r) => Number(r['ads.clicks'] ?? 0) === 0),
                `an injected ${field} matched rows`,
              );
            }
          },
        }),
      ),
    ),
    {
      id: 'metrics/oversized-body',
      route: metrics.route,
      attack: 'a 2 MB body',
      expect: { status: 413 },
      run: async (w) => [
        await w.send(w.app, metrics.path, {
          method: 'POST',
          headers: { authorization: `Bearer ${await w.token()}`, 'content-type': 'application/json' },
          body: JSON.stringify({ measures: ['ads.clicks'], pad: 'x'.repeat(2 * 1024 * 1024) }),
        }),
      ],
    },
    {
      id: 'metrics/non-utf8-body',
      route: metrics.route,
      attack: 'a body that is not UTF-8',
      expect: { status: 400, code: 'invalid_utf8' },
      run: async (w) => [
        await w.send(w.app, metrics.path, {
          method: 'POST',
          headers: { authorization: `Bearer ${await w.token()}`, 'content-type': 'application/json' },
          body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
        }),
      ],
    },
    {
      id: 'metrics/control-characters',
      route: metrics.route,
      attack: 'control characters in member names',
      expect: { status: 400 },
      run: async (w) => [
        await post(w, { measures: ['ads.clicks\u0000'] }),
        await post(w, { measures: ['ads.clicks'], dimensions: ['account.id\u001b[2J'] }),
      ],
    },
  ];
}

const admin = (path: string) => `/api/v1/admin${path}`;

function adminCases(): AttackCase[] {
  const asAlpha = (w: World, path: string, method = 'GET', body?: unknown) =>
    w.send(w.app, admin(path), {
      method,
      headers: { authorization: `Bearer ${w.apiKeys.alpha}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return [
    {
      id: 'admin/embed-token',
      viewer: 'partner',
      route: 'GET /api/v1/admin/*',
      attack: 'admin routes called with a tenant (embed) token',
      expect: { status: 401, code: 'wrong_token_kind' },
      run: async (w) => {
        const headers = { authorization: `Bearer ${await w.token()}`, 'content-type': 'application/json' };
        return [
          await w.send(w.app, admin('/tenants'), { headers }),
          await w.send(w.app, admin('/keys'), { method: 'POST', headers, body: '{"alg":"HS256"}' }),
          await w.send(w.app, admin('/audit'), { headers }),
        ];
      },
    },
    {
      id: 'admin/no-key',
      viewer: 'partner',
      route: 'GET /api/v1/admin/*',
      attack: 'admin routes without a key, or with a made-up one',
      expect: { status: 401 },
      run: async (w) => [
        await w.send(w.app, admin('/tenants')),
        await w.send(w.app, admin('/tenants'), { headers: { authorization: 'Bearer miq_pk_madeup' } }),
      ],
    },
    {
      id: 'admin/operator-routes-with-partner-key',
      viewer: 'partner',
      route: 'POST /api/v1/operator/*',
      attack: 'operator routes with a partner API key or a tenant token',
      expect: { status: [401, 404] },
      run: async (w) => {
        const op = w.makeApp({ operatorTokenSha256: 'a'.repeat(64) });
        const body = JSON.stringify({ id: 'evil', name: 'Evil' });
        return [
          await w.send(op, '/api/v1/operator/partners', {
            method: 'POST',
            headers: { authorization: `Bearer ${w.apiKeys.alpha}`, 'content-type': 'application/json' },
            body,
          }),
          await w.send(op, '/api/v1/operator/partners', {
            method: 'POST',
            headers: { authorization: `Bearer ${await w.token()}`, 'content-type': 'application/json' },
            body,
          }),
        ];
      },
      check: async (_r, w) => {
        const evil = await w.appDb.db.selectFrom('partners').select('id').where('id', '=', 'evil').executeTakeFirst();
        ensure(evil === undefined, 'a partner was created without the operator token');
      },
    },
    {
      id: 'admin/set-warehouse-location',
      viewer: 'partner',
      route: 'PATCH /api/v1/admin/tenants/:tenantId',
      attack: 'a partner pointing its tenant at another tenant’s warehouse location',
      expect: { status: 403, code: 'operator_only' },
      run: async (w) => [
        await asAlpha(w, `/tenants/${ATTACKER_TENANT}`, 'PATCH', { warehouseLocation: VICTIM_TENANT }),
        await asAlpha(w, `/tenants/${ATTACKER_TENANT}`, 'PATCH', { name: 'x', warehouse_location: VICTIM_TENANT }),
        await asAlpha(w, `/tenants/${ATTACKER_TENANT}`, 'PATCH', { partnerId: 'p-beta' }),
      ],
      check: async (_r, w) => {
        const t = await w.appDb.db
          .selectFrom('tenants')
          .selectAll()
          .where('id', '=', ATTACKER_TENANT)
          .executeTakeFirst();
        ensure(
          t?.warehouse_location === ATTACKER_TENANT && t.partner_id === 'p-alpha' && t.name !== 'x',
          'tenant changed',
        );
      },
    },
    {
      id: 'admin/foreign-tenant',
      viewer: 'partner',
      route: 'PATCH /api/v1/admin/tenants/:tenantId',
      attack: 'partner alpha renaming partner beta’s tenant',
      expect: { status: 404, code: 'unknown_tenant' },
      run: async (w) => [await asAlpha(w, `/tenants/${VICTIM_TENANT}`, 'PATCH', { name: 'pwned' })],
      check: async (_r, w) => {
        const t = await w.appDb.db
          .selectFrom('tenants')
          .select('name')
          .where('id', '=', VICTIM_TENANT)
          .executeTakeFirst();
        ensure(t?.name === VICTIM_TENANT, 'beta’s tenant was renamed');
      },
    },
    {
      id: 'admin/foreign-key',
      viewer: 'partner',
      route: 'POST /api/v1/admin/keys/:kid/revoke',
      attack: 'partner alpha revoking or rotating partner beta’s embed key',
      expect: { status: 404, code: 'unknown_key' },
      run: async (w) => [
        await asAlpha(w, `/keys/${w.keys.beta.kid}/revoke`, 'POST', {}),
        await asAlpha(w, `/keys/${w.keys.beta.kid}/rotate`, 'POST', {}),
      ],
      check: async (_r, w) => {
        const res = await call(w, DATA_ROUTES[0], await w.sign(w.keys.beta, { claims: { tenant: VICTIM_TENANT } }));
        ensure(res.status === 200, 'beta’s key stopped working');
      },
    },
    {
      id: 'admin/jwks-private-address',
      viewer: 'partner',
      route: 'PUT /api/v1/admin/jwks',
      attack: 'a JWKS URL pointing at private, loopback, link-local or plain-http addresses',
      expect: { status: 400 },
      run: async (w) => {
        const urls = [
          'https://10.0.0.5/jwks.json',
          'https://127.0.0.1/jwks.json',
          'https://localhost/jwks.json',
          'https://169.254.169.254/latest/meta-data',
          'https://[::1]/jwks.json',
          'https://[::ffff:192.168.0.1]/jwks.json',
          'https://192.168.1.20:8443/jwks.json',
          'https://metadata.google.internal/jwks',
          'http://auth.example.com/jwks.json',
          'https://user:pw@auth.example.com/jwks.json',
        ];
        const out: Observed[] = [];
        for (const url of urls) out.push(await asAlpha(w, '/jwks', 'PUT', { url }));
        return out;
      },
      check: async (responses, w) => {
        for (const o of responses) {
          const code = (JSON.parse(o.text) as { error: { details: { code: string }[] } }).error.details[0]?.code;
          ensure(['private_address', 'https_required', 'credentials_in_url'].includes(code ?? ''), `code ${code}`);
        }
        const p = await w.appDb.db
          .selectFrom('partners')
          .select('jwks_url')
          .where('id', '=', 'p-alpha')
          .executeTakeFirst();
        ensure(p?.jwks_url === null, 'a refused JWKS URL was stored');
      },
    },
    {
      id: 'admin/audit-isolation',
      viewer: 'partner',
      route: 'GET /api/v1/admin/audit',
      attack: 'reading another partner’s audit entries (through filters or cursors)',
      expect: { status: 200 },
      run: async (w) => {
        await w.app.services.audit.flush();
        return [
          await asAlpha(w, '/audit?limit=500'),
          await asAlpha(w, `/audit?tenant=${VICTIM_TENANT}`),
          await asAlpha(w, '/audit?cursor=9999999999'),
        ];
      },
      check: async (responses) => {
        for (const o of responses) {
          const { entries } = JSON.parse(o.text) as { entries: { tenantId: string | null }[] };
          ensure(
            entries.every((e) => e.tenantId !== VICTIM_TENANT),
            'beta’s entries visible to alpha',
          );
        }
      },
    },
    {
      id: 'admin/sql-in-fields',
      viewer: 'partner',
      route: 'PATCH /api/v1/admin/tenants/:tenantId',
      attack: 'SQL in admin string fields is stored as text, never run',
      expect: { status: [200, 400, 404] },
      run: async (w) => [
        await asAlpha(w, `/tenants/${ATTACKER_TENANT}`, 'PATCH', { name: `x'); drop table tenants; --` }),
        await asAlpha(w, `/tenants/${encodeURIComponent(`x' or '1'='1`)}`, 'PATCH', { name: 'y' }),
        await asAlpha(w, `/keys/${encodeURIComponent(`' or 1=1 --`)}/revoke`, 'POST', {}),
        await asAlpha(w, `/audit?action=${encodeURIComponent(`' or '1'='1`)}`),
        await asAlpha(w, '/keys', 'POST', { alg: 'HS256', kid: `k'; drop table embed_keys; --` }),
      ],
      check: async (_r, w) => {
        const n = await w.appDb.db.selectFrom('tenants').select('id').execute();
        ensure(n.length === 3, 'tenants table damaged');
        await asAlpha(w, `/tenants/${ATTACKER_TENANT}`, 'PATCH', { name: ATTACKER_TENANT });
      },
    },
    {
      id: 'admin/secrets-shown-once',
      viewer: 'partner',
      route: 'GET /api/v1/admin/keys',
      attack: 'reading an HS256 secret or its ciphertext after creation',
      expect: { status: [200, 201] },
      run: async (w) => {
        const created = await asAlpha(w, '/keys', 'POST', { alg: 'HS256' });
        return [created, await asAlpha(w, '/keys')];
      },
      check: async (responses, w) => {
        const secret = (JSON.parse(responses[0]!.text) as { secret: string }).secret;
        ensure(typeof secret === 'string' && secret.length >= 43, 'no secret at creation');
        const listing = responses[1]!.text;
        ensure(!listing.includes(secret) && !/secret|ciphertext|v1\./i.test(listing), 'secret material in the listing');
        const row = await w.appDb.db
          .selectFrom('embed_keys')
          .select('secret_ciphertext')
          .where('alg', '=', 'HS256')
          .execute();
        ensure(
          row.every((r) => !r.secret_ciphertext?.includes(secret)),
          'secret stored in clear',
        );
      },
    },
  ];
}

function revocationCases(): AttackCase[] {
  return [
    {
      id: 'schema/revoked-key',
      route: 'GET /api/v1/schema',
      attack: 'a token whose key was revoked through the admin API (cached verification must not survive)',
      expect: { status: [200, 201, 401] },
      run: async (w) => {
        const { generateKeyPair, exportJWK } = await import('jose');
        const pair = await generateKeyPair('ES256', { extractable: true });
        const headers = { authorization: `Bearer ${w.apiKeys.alpha}`, 'content-type': 'application/json' };
        const created = await w.send(w.app, admin('/keys'), {
          method: 'POST',
          headers,
          body: JSON.stringify({ alg: 'ES256', publicJwk: await exportJWK(pair.publicKey) }),
        });
        const kid = (JSON.parse(created.text) as { key: { kid: string } }).key.kid;
        const key = {
          kid,
          alg: 'ES256' as const,
          partnerId: 'p-alpha',
          privateKey: pair.privateKey,
          publicJwk: undefined,
        };
        const token = await w.sign(key);
        const before = await call(w, DATA_ROUTES[0], token);
        const cached = await call(w, DATA_ROUTES[0], token);
        const revoked = await w.send(w.app, admin(`/keys/${kid}/revoke`), { method: 'POST', headers, body: '{}' });
        const after = await call(w, DATA_ROUTES[0], token);
        return [created, before, cached, revoked, after];
      },
      check: (r) => {
        ensure(r.map((o) => o.status).join() === '201,200,200,200,401', `statuses ${r.map((o) => o.status)}`);
        ensure(r[4]!.text.includes('key_revoked'), 'not refused as key_revoked');
      },
    },
    {
      id: 'schema/rate-limit',
      route: 'GET /api/v1/schema',
      attack: 'a burst over the tenant’s rate limit: 429 with Retry-After, then recovery',
      expect: { status: [200, 429] },
      run: async (w) => {
        const app = w.makeApp({
          rateLimits: { tenant: { capacity: 3, refillPerSecond: 2 }, partner: { capacity: 100, refillPerSecond: 100 } },
        });
        const token = await w.token();
        const headers = { authorization: `Bearer ${token}` };
        const burst: Observed[] = [];
        for (let i = 0; i < 5; i++) burst.push(await w.send(app, '/api/v1/schema', { headers }));
        const wait = Number(burst[4]!.headers.get('retry-after'));
        await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 50));
        burst.push(await w.send(app, '/api/v1/schema', { headers }));
        return burst;
      },
      check: (r) => {
        ensure(r.map((o) => o.status).join() === '200,200,200,429,429,200', `statuses ${r.map((o) => o.status)}`);
        ensure(r[3]!.headers.get('retry-after') === '1', `Retry-After ${r[3]!.headers.get('retry-after')}`);
        ensure(r[3]!.text.includes('tenant_rate_limited'), 'not a tenant limit');
      },
    },
  ];
}

const REGISTRY: AttackCase[] = [
  ...DATA_ROUTES.flatMap(tokenCases),
  ...metricsCases(),
  ...adminCases(),
  ...revocationCases(),
  ...dashboardAttackCases(),
  ...agentAttackCases(),
];

/** Adds a later issue's cases (ids must be unique). */
export function registerAttackCases(cases: readonly AttackCase[]): void {
  for (const c of cases) {
    if (REGISTRY.some((x) => x.id === c.id)) throw new Error(`duplicate attack case ${c.id}`);
    REGISTRY.push(c);
  }
}

export function attackCases(): readonly AttackCase[] {
  return REGISTRY;
}
