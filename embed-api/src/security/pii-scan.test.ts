/**
 * No route returns personal data. Every route the app serves is called (the test fails if a route is not covered),
 * including a dimension-only query for every catalog dimension and one query with every measure, for each tenant;
 * every response is scanned for the persons of the raw Klaviyo tables (`<dir>/<tenant>/raw.duckdb`, schema
 * `klaviyo`): their ids, emails, phone numbers and full names, and for anything shaped like an email or phone number.
 */
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../auth/api-keys.js';
import { FILTER_TYPES } from '../wire/index.js';
import {
  ATTACKER_TENANT,
  closeSharedWarehouse,
  openWorld,
  SIBLING_TENANT,
  testWarehouseDir,
  VICTIM_TENANT,
  type World,
} from './testing/world.js';

interface Persons {
  readonly values: Set<string>;
  readonly count: number;
}

async function rawPersons(dir: string, tenants: readonly string[]): Promise<Persons> {
  const values = new Set<string>();
  let count = 0;
  for (const tenant of tenants) {
    const instance = await DuckDBInstance.create(join(dir, tenant, 'raw.duckdb'), {
      access_mode: 'READ_ONLY',
      threads: '1',
    });
    const connection = await instance.connect();
    try {
      const reader = await connection.runAndReadAll(
        `select id, email, phone_number, first_name || ' ' || last_name as full_name from klaviyo.person`,
      );
      for (const row of reader.getRowObjectsJS()) {
        count++;
        for (const v of [row.id, row.email, row.phone_number, row.full_name]) {
          if (typeof v === 'string' && v.length >= 6) values.add(v);
        }
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }
  return { values, count };
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const PHONE = /\+\d{8,15}\b|\(\d{3}\)\s?\d{3}-\d{4}/;

describe('response scan for personal data over every route', () => {
  let world: World;
  let persons: Persons;
  const scanned = new Set<string>();
  const bodies: { route: string; text: string }[] = [];

  beforeAll(async () => {
    persons = await rawPersons(testWarehouseDir(), [ATTACKER_TENANT, SIBLING_TENANT, VICTIM_TENANT]);
    world = await openWorld('pglite');
  });
  afterAll(async () => {
    await world?.close();
    await closeSharedWarehouse();
  });

  async function hit(
    route: string,
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
  ) {
    const res = await world.app.request(path, {
      method: init.method ?? 'GET',
      headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await res.text();
    expect(res.status, `${route}: ${text.slice(0, 200)}`).toBeLessThan(500);
    scanned.add(route);
    bodies.push({ route, text });
    return { status: res.status, text };
  }

  it('the raw tables really hold persons (otherwise the scan would prove nothing)', () => {
    expect(persons.count).toBeGreaterThan(100);
    expect([...persons.values].some((v) => EMAIL.test(v))).toBe(true);
  });

  it('calls every route and finds no person in any response', async () => {
    const operatorToken = 'miq_op_pii-scan-operator-token';
    const opApp = world.makeApp({ operatorTokenSha256: await sha256Hex(operatorToken) });
    for (const tenant of [ATTACKER_TENANT, SIBLING_TENANT]) {
      const auth = { authorization: `Bearer ${await world.token({ tenant })}` };
      await hit('GET /api/v1/health', '/api/v1/health');
      await hit('GET /api/v1/schema', '/api/v1/schema', { headers: auth });
      for (const type of Object.keys(FILTER_TYPES)) {
        const r = await hit('GET /api/v1/filters/:type', `/api/v1/filters/${type}?limit=500`, { headers: auth });
        expect([200, 404], r.text.slice(0, 200)).toContain(r.status);
      }
      for (const metric of ['ads.clicks', 'email_campaigns.revenue', 'ga4.sessions']) {
        const r = await hit('GET /api/v1/trends', `/api/v1/trends?metric=${metric}`, { headers: auth });
        expect(r.status, r.text.slice(0, 200)).toBe(200);
      }
      // Every dimension's values (each a union over the facts it reaches).
      for (const member of world.catalog.members.values()) {
        if (member.kind !== 'dimension') continue;
        const r = await hit('POST /api/v1/metrics', '/api/v1/metrics', {
          method: 'POST',
          headers: auth,
          body: { dimensions: [member.member], limit: 5_000 },
        });
        expect(r.status, r.text.slice(0, 200)).toBe(200);
      }
      const measures = [...world.catalog.members.values()].filter((m) => m.kind === 'metric').map((m) => m.member);
      await hit('POST /api/v1/metrics', '/api/v1/metrics', { method: 'POST', headers: auth, body: { measures } });
      for (const question of ['revenue by email campaign last 90 days']) {
        await hit('POST /api/v1/agents/query', '/api/v1/agents/query', {
          method: 'POST',
          headers: auth,
          body: { question },
        });
      }
      for (const dashboard of ['email-campaigns', 'list-growth']) {
        await hit('POST /api/v1/agents/recommend', '/api/v1/agents/recommend', {
          method: 'POST',
          headers: auth,
          body: { dashboard },
        });
      }
      await hit('GET /api/v1/alerts', '/api/v1/alerts', { headers: auth });
    }
    await hit('GET /api/v1/openapi.json', '/api/v1/openapi.json');
    await hit('GET /api/v1/docs', '/api/v1/docs');
    const key = { authorization: `Bearer ${world.apiKeys.alpha}` };
    await hit('GET /api/v1/admin/tenants', '/api/v1/admin/tenants', { headers: key });
    await hit('PATCH /api/v1/admin/tenants/:tenantId', `/api/v1/admin/tenants/${ATTACKER_TENANT}`, {
      method: 'PATCH',
      headers: key,
      body: { shownAccounts: null },
    });
    const created = await hit('POST /api/v1/admin/keys', '/api/v1/admin/keys', {
      method: 'POST',
      headers: key,
      body: { alg: 'HS256' },
    });
    const kid = (JSON.parse(created.text) as { key: { kid: string } }).key.kid;
    await hit('GET /api/v1/admin/keys', '/api/v1/admin/keys', { headers: key });
    await hit('POST /api/v1/admin/keys/:kid/rotate', `/api/v1/admin/keys/${kid}/rotate`, {
      method: 'POST',
      headers: key,
      body: {},
    });
    await hit('POST /api/v1/admin/keys/:kid/revoke', `/api/v1/admin/keys/${kid}/revoke`, {
      method: 'POST',
      headers: key,
      body: {},
    });
    await hit('GET /api/v1/admin/jwks', '/api/v1/admin/jwks', { headers: key });
    await hit('PUT /api/v1/admin/jwks', '/api/v1/admin/jwks', { method: 'PUT', headers: key, body: { url: null } });
    await hit('GET /api/v1/admin/origins', '/api/v1/admin/origins', { headers: key });
    await hit('PUT /api/v1/admin/origins', '/api/v1/admin/origins', {
      method: 'PUT',
      headers: key,
      body: { origins: ['https://app.alpha.example'] },
    });
    await world.app.services.audit.flush();
    await hit('GET /api/v1/admin/audit', '/api/v1/admin/audit?limit=500', { headers: key });

    const op = { authorization: `Bearer ${operatorToken}` };
    const opHit = async (route: string, path: string, method: string, body?: unknown) => {
      const res = await opApp.request(path, {
        method,
        headers: { ...op, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      expect(res.status, text).toBeLessThan(300);
      scanned.add(route);
      bodies.push({ route, text });
      return text;
    };
    await opHit('POST /api/v1/operator/partners', '/api/v1/operator/partners', 'POST', { id: 'p-scan', name: 'Scan' });
    await opHit('PATCH /api/v1/operator/partners/:partnerId', '/api/v1/operator/partners/p-scan', 'PATCH', {
      name: 'S',
    });
    const apiKey = JSON.parse(
      await opHit(
        'POST /api/v1/operator/partners/:partnerId/api-keys',
        '/api/v1/operator/partners/p-scan/api-keys',
        'POST',
      ),
    ) as { apiKey: { id: string } };
    await opHit(
      'POST /api/v1/operator/partners/:partnerId/api-keys/:id/revoke',
      `/api/v1/operator/partners/p-scan/api-keys/${apiKey.apiKey.id}/revoke`,
      'POST',
    );
    await opHit('POST /api/v1/operator/tenants', '/api/v1/operator/tenants', 'POST', {
      id: 't-scan',
      partnerId: 'p-scan',
      name: 'T',
      warehouseLocation: 't-scan',
      reportingCurrency: 'EUR',
      timeZone: 'Europe/Paris',
    });
    await opHit('POST /api/v1/operator/tenants/:tenantId/status', '/api/v1/operator/tenants/t-scan/status', 'POST', {
      status: 'suspended',
    });
    await opHit('POST /api/v1/operator/connectors', '/api/v1/operator/connectors', 'POST', {
      externalId: 'conn_1',
      kind: 'connector',
      tenantId: 't-scan',
    });

    // Every route the app serves was called.
    const served = world.app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path}`)
      .filter((r, i, all) => all.indexOf(r) === i);
    expect(served.filter((r) => !scanned.has(r))).toEqual([]);

    for (const { route, text } of bodies) {
      expect(EMAIL.exec(text)?.[0], route).toBeUndefined();
      expect(PHONE.exec(text)?.[0], route).toBeUndefined();
      for (const value of persons.values) {
        if (text.includes(value)) expect.fail(`${route} returned personal data: ${value}`);
      }
    }
  });
});
