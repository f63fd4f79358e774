// The partner admin client against the REAL embed API (its /api/v1/admin routes), with a partner API key created
// through the operator API. Keys created here are then used to sign tokens that the tenant routes accept or refuse.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
import { createAdminClient, createEmbedToken, type MiqAdminClient } from './index.js';

let api: RealApi;
let admin: MiqAdminClient;
beforeAll(async () => {
  api = await startRealApi();
  admin = createAdminClient({ baseUrl: api.url, apiKey: await api.partnerApiKey() });
}, 60_000);
afterAll(() => api?.close());

const caught = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as MiqError,
  );
const schemaWith = (token: string) => createClient({ baseUrl: api.url, token }).schema();
const mint = (kid: string, key: Parameters<typeof createEmbedToken>[0]['key']) =>
  createEmbedToken({
    partnerId: api.demo.partnerId,
    kid,
    key,
    tenant: 'rare-seeds',
    subject: 'admin-test',
    dashboards: ['*'],
  });

describe('createAdminClient against the real API', () => {
  it('tenants.list: the demo partner sees exactly its tenants (those of tenants.json with a warehouse)', async () => {
    const file = JSON.parse(readFileSync(new URL('../../../dbt/generator/tenants.json', import.meta.url), 'utf8')) as {
      tenants: { id: string; reportingCurrency?: string; reporting_currency?: string }[];
    };
    const { tenants } = await admin.tenants.list();
    const ids = tenants.map((t) => t.id).sort();
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(file.tenants.map((t) => t.id)).toContain(id);
    expect(ids).toEqual([...api.demo.tenants].sort());
  });

  it('tenants.update changes display settings; the warehouse location is refused (403, field named)', async () => {
    const { tenant } = await admin.tenants.update('rare-seeds', { name: 'Rare Seeds Co.' });
    expect(tenant).toMatchObject({ id: 'rare-seeds', name: 'Rare Seeds Co.' });
    const err = await caught(admin.tenants.update('rare-seeds', { warehouseLocation: 'nordic-knits' } as never));
    expect(err).toBeInstanceOf(MiqForbiddenError);
    expect(err?.details).toEqual([expect.objectContaining({ field: 'warehouseLocation', code: 'operator_only' })]);
    const bad = await caught(admin.tenants.update('rare-seeds', { reportingCurrency: 'euro' }));
    expect(bad).toBeInstanceOf(MiqValidationError);
    expect(bad?.details.map((d) => d.field)).toContain('reportingCurrency');
  });

  it('keys: create (EdDSA and HS256), sign with them, rotate, revoke: the revoked key stops working at once', async () => {
    const ed = generateKeyPairSync('ed25519');
    const created = await admin.keys.create({ alg: 'EdDSA', publicJwk: ed.publicKey.export({ format: 'jwk' }) });
    expect(created.key).toMatchObject({ alg: 'EdDSA', status: 'active' });
    const edToken = await mint(created.key.kid, ed.privateKey);
    expect((await schemaWith(edToken)).measures.length).toBeGreaterThan(0);

    const hs = await admin.keys.create({ alg: 'HS256' });
    expect(typeof hs.secret).toBe('string');
    const hsToken = await mint(hs.key.kid, hs.secret as string);
    expect((await schemaWith(hsToken)).measures.length).toBeGreaterThan(0);

    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const rotated = await admin.keys.rotate(created.key.kid, {
      alg: 'ES256',
      publicJwk: ec.publicKey.export({ format: 'jwk' }),
    });
    expect(rotated.key).toMatchObject({ alg: 'ES256', replacesKid: created.key.kid });
    expect((await schemaWith(await mint(rotated.key.kid, ec.privateKey))).measures.length).toBeGreaterThan(0);
    expect((await schemaWith(edToken)).measures.length).toBeGreaterThan(0); // overlap: the old key still works

    const { key } = await admin.keys.revoke(created.key.kid);
    expect(key.status).toBe('revoked');
    const refused = await caught(schemaWith(edToken));
    expect(refused).toBeInstanceOf(MiqAuthError);
    expect(refused?.details).toEqual([expect.objectContaining({ code: 'key_revoked' })]);

    const { keys } = await admin.keys.list();
    const status = new Map(keys.map((k) => [k.kid, k.status]));
    expect(status.get(created.key.kid)).toBe('revoked');
    expect(status.get(rotated.key.kid)).toBe('active');
    expect(status.get(hs.key.kid)).toBe('active');
    expect(keys.every((k) => !('secret' in k))).toBe(true);
  });

  it('keys: per-field errors for a bad create, 404 for an unknown kid', async () => {
    const err = await caught(admin.keys.create({ alg: 'HS256', publicJwk: { kty: 'oct' } }));
    expect(err).toBeInstanceOf(MiqValidationError);
    expect(err?.details).toEqual([expect.objectContaining({ field: 'publicJwk', code: 'not_allowed' })]);
    expect(await caught(admin.keys.revoke('no-such-kid'))).toBeInstanceOf(MiqNotFoundError);
  });

  it('jwks and origins: set and read back; a non-https JWKS URL is refused', async () => {
    const bad = await caught(admin.jwks.register('http://127.0.0.1/jwks.json'));
    expect(bad).toBeInstanceOf(MiqValidationError);
    expect(bad?.details[0]?.field).toBe('url');
    expect(await admin.jwks.get()).toEqual({ jwksUrl: null });
    const set = await admin.origins.set(['https://app.acme.example']);
    expect(set.origins).toEqual(['https://app.acme.example']);
    expect((await admin.origins.list()).origins).toEqual(['https://app.acme.example']);
    await admin.origins.set([]);
  });

  it('audit.list shows the admin actions taken above (the log is written off the hot path)', async () => {
    const wanted = ['tenant.update', 'embed_key.revoke', 'origins.set'];
    let actions: string[] = [];
    for (let i = 0; i < 50 && !wanted.every((a) => actions.includes(a)); i++) {
      await new Promise((r) => setTimeout(r, 100));
      actions = (await admin.audit.list({ limit: 500 })).entries.map((e) => e.action);
    }
    expect(actions).toEqual(expect.arrayContaining(wanted));
    const page = await admin.audit.list({ limit: 1 });
    expect(page.entries).toHaveLength(1);
  });

  it('a tenant request made for a dashboard (X-Miq-Dashboard) is audited with that dashboard', async () => {
    const client = createClient({ baseUrl: api.url, token: await api.token({ subject: 'dashboard-user' }) });
    await client.metrics({ measures: ['ads.clicks'] }, { dashboard: 'google-ads' });
    let found: { dashboard: string | null; subject: string | null } | undefined;
    for (let i = 0; i < 50 && !found; i++) {
      await new Promise((r) => setTimeout(r, 100));
      found = (await admin.audit.list({ limit: 500 })).entries.find((e) => e.subject === 'dashboard-user');
    }
    expect(found?.dashboard).toBe('google-ads');
  });

  it('a wrong API key is refused with MiqAuthError', async () => {
    const stranger = createAdminClient({ baseUrl: api.url, apiKey: 'miq_pk_not-a-real-key' });
    const err = await caught(stranger.tenants.list());
    expect(err).toBeInstanceOf(MiqAuthError);
    expect(err?.status).toBe(401);
  });
});
