// Dashboards, saved views and the agents' question route, through the client against the REAL embed API (dashboard
// registry validated against the test warehouse's catalog). Error paths: 400 with fields, 401, 403, 404.

import { AlertsResponseSchema, RecommendResponseSchema } from '@miq/embed-api/wire/agents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClient,
  MiqAuthError,
  type MiqError,
  MiqForbiddenError,
  MiqNotFoundError,
  MiqValidationError,
} from '../index.js';
import { type RealApi, startRealApi } from '../testing/real-api.js';

let api: RealApi;
beforeAll(async () => {
  api = await startRealApi({ dashboards: true });
}, 60_000);
afterAll(() => api?.close());

const caught = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as MiqError,
  );
const clientFor = async (overrides: Parameters<RealApi['token']>[0] = {}) =>
  createClient({ baseUrl: api.url, token: await api.token(overrides) });

describe('dashboards and saved views against the real API', () => {
  it('dashboards.list: all 18 for ["*"], only the named ones otherwise', async () => {
    const all = await (await clientFor()).dashboards.list();
    expect(all.dashboards).toHaveLength(18);
    const some = await (await clientFor({ dashboards: ['google-ads'] })).dashboards.list();
    expect(some.dashboards.map((d) => d.id)).toEqual(['google-ads']);
  });

  it('dashboards.get: a document with panels; 404 unknown, 403 outside the token, 401 bad token', async () => {
    const client = await clientFor();
    const doc = await client.dashboards.get('google-ads');
    expect(doc.id).toBe('google-ads');
    expect(doc.panels.length).toBeGreaterThan(0);
    expect(doc.currency).toBe('USD'); // rare-seeds' reporting currency in tenants.json
    expect(await caught(client.dashboards.get('no-such-dashboard'))).toBeInstanceOf(MiqNotFoundError);
    const metaOnly = await clientFor({ dashboards: ['meta-ads'] });
    expect(await caught(metaOnly.dashboards.get('google-ads'))).toBeInstanceOf(MiqForbiddenError);
    const stranger = await clientFor({ kid: 'unknown-kid' });
    expect(await caught(stranger.dashboards.get('google-ads'))).toBeInstanceOf(MiqAuthError);
  });

  it('views: save, list and remove per user; another user of the tenant sees none; bad input names fields', async () => {
    const alice = await clientFor({ subject: 'alice' });
    const bob = await clientFor({ subject: 'bob' });
    const { view } = await alice.dashboards.views.save('google-ads', { name: 'Last week', state: { range: 'x' } });
    expect(view).toMatchObject({ name: 'Last week' });
    const listed = await alice.dashboards.views.list('google-ads');
    expect(listed.views.map((v) => v.id)).toEqual([view.id]);
    expect((await bob.dashboards.views.list('google-ads')).views).toEqual([]);
    expect(await caught(bob.dashboards.views.remove('google-ads', view.id))).toBeInstanceOf(MiqNotFoundError);
    expect(await alice.dashboards.views.remove('google-ads', view.id)).toEqual({ deleted: true });
    expect((await alice.dashboards.views.list('google-ads')).views).toEqual([]);
    const bad = await caught(alice.dashboards.views.save('google-ads', { name: '', state: {} }));
    expect(bad).toBeInstanceOf(MiqValidationError);
    expect(bad?.details.map((d) => d.field)).toContain('name');
  });
});

describe('agents.query against the real API', () => {
  it('answers a question with the query that ran (typed: no cast); an empty question is a 400', async () => {
    const client = await clientFor();
    const answer = await client.agents.query({ question: 'clicks by platform last 30 days' });
    expect(answer.kind).toBe('answer');
    if (answer.kind !== 'answer') return;
    expect(answer.query.dimensions).toEqual(['platform.code']);
    expect(answer.rows.length).toBeGreaterThan(0);
    const err = await caught(client.agents.query({ question: '' }));
    expect(err).toBeInstanceOf(MiqValidationError);
    expect(err?.details.map((d) => d.field)).toContain('question');
  });
});

describe('agents.recommend and alerts against the real API (typed by the API wire schemas)', () => {
  const direct = async (token: string, path: string, body?: unknown) => {
    const res = await fetch(`${api.url}/api/v1${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(res.status).toBe(200);
    return res.json();
  };

  it('recommend: the findings the route answers, schema-valid; an unknown dashboard is a 4xx', async () => {
    const token = await api.token();
    const client = createClient({ baseUrl: api.url, token });
    const response = await client.agents.recommend({ dashboard: 'email-campaigns' });
    expect(RecommendResponseSchema.parse(response)).toEqual(response);
    expect(response).toEqual(await direct(token, '/agents/recommend', { dashboard: 'email-campaigns' }));
    for (const f of response.findings) expect(typeof f.title).toBe('string');
    const err = await caught(client.agents.recommend({ dashboard: 'no-such-dashboard' }));
    expect(err?.status).toBeGreaterThanOrEqual(400);
    expect(err?.status).toBeLessThan(500);
  });

  it('alerts: sensitivity and days reach the route; a bad sensitivity names the field', async () => {
    const token = await api.token();
    const client = createClient({ baseUrl: api.url, token });
    const response = await client.alerts({ sensitivity: 3, days: 30 });
    expect(AlertsResponseSchema.parse(response)).toEqual(response);
    expect(response.sensitivity).toBe(3);
    expect(response).toEqual(await direct(token, '/alerts?sensitivity=3&days=30'));
    const err = await caught(client.alerts({ sensitivity: 50 }));
    expect(err).toBeInstanceOf(MiqValidationError);
    expect(err?.details.map((d) => d.field)).toContain('query.sensitivity');
  });
});
