import { Migrator, NO_MIGRATIONS, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDb } from './app-db.js';
import { findEmbedKey, insertEmbedKey, listEmbedKeys, revokeEmbedKey } from './embed-keys.js';
import { migrateAppDb } from './migrate.js';
import { APP_DB_MIGRATIONS } from './migrations/index.js';
import { findPartner, upsertPartner } from './partners.js';
import { findTenant, listTenants, upsertTenant } from './tenants.js';
import { APP_DB_KINDS, openTestAppDb } from './testing.js';

const JWK = JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' });

describe.each(APP_DB_KINDS)('app database on %s', (kind) => {
  let appDb: AppDb;
  beforeAll(async () => {
    appDb = await openTestAppDb(kind);
  });
  afterAll(async () => {
    await appDb?.close();
  });

  it('migrates an empty database to the latest schema, then has nothing left to run', async () => {
    expect(await migrateAppDb(appDb.db)).toEqual(Object.keys(APP_DB_MIGRATIONS));
    expect(await migrateAppDb(appDb.db)).toEqual([]);
    const tables = await appDb.db.introspection.getTables();
    expect(tables.map((t) => t.name).sort()).toEqual(
      expect.arrayContaining([
        'audit_log',
        'embed_keys',
        'partner_api_keys',
        'partner_origins',
        'partners',
        'tenant_connectors',
        'tenants',
      ]),
    );
  });

  it('stores partners and tenants and reads them back with dates as Date', async () => {
    const partner = await upsertPartner(appDb.db, { id: 'p-one', name: 'Partner One' });
    expect(partner).toMatchObject({
      id: 'p-one',
      name: 'Partner One',
      status: 'active',
      max_token_lifetime_seconds: null,
    });
    expect(partner.created_at).toBeInstanceOf(Date);
    await upsertPartner(appDb.db, { id: 'p-two', name: 'Partner Two' });
    const renamed = await upsertPartner(appDb.db, { id: 'p-one', name: 'Partner 1' });
    expect(renamed.name).toBe('Partner 1');
    expect((await findPartner(appDb.db, 'p-one'))?.name).toBe('Partner 1');

    await upsertTenant(appDb.db, {
      id: 'acme',
      partner_id: 'p-one',
      name: 'Acme',
      warehouse_location: 'acme-dir',
      reporting_currency: 'USD',
      time_zone: 'America/Chicago',
    });
    await upsertTenant(appDb.db, {
      id: 'zenith',
      partner_id: 'p-one',
      name: 'Zenith',
      warehouse_location: 'zenith-dir',
      reporting_currency: 'NZD',
      time_zone: 'Pacific/Auckland',
    });
    const tenant = await findTenant(appDb.db, 'acme');
    expect(tenant).toMatchObject({ partner_id: 'p-one', warehouse_location: 'acme-dir', reporting_currency: 'USD' });
    expect((await listTenants(appDb.db, 'p-one')).map((t) => t.id)).toEqual(['acme', 'zenith']);
    expect(await listTenants(appDb.db, 'p-two')).toEqual([]);
    expect(await findTenant(appDb.db, 'nobody')).toBeUndefined();
  });

  it('updates display settings but never moves a tenant to another location or partner', async () => {
    const updated = await upsertTenant(appDb.db, {
      id: 'acme',
      partner_id: 'p-one',
      name: 'Acme Inc',
      warehouse_location: 'acme-dir',
      reporting_currency: 'EUR',
      time_zone: 'Europe/Berlin',
    });
    expect(updated).toMatchObject({ name: 'Acme Inc', reporting_currency: 'EUR', time_zone: 'Europe/Berlin' });
    const moved = { ...updated, created_at: undefined, updated_at: undefined, status: undefined };
    await expect(upsertTenant(appDb.db, { ...moved, warehouse_location: 'zenith-dir' })).rejects.toThrow(/acme/);
    await expect(upsertTenant(appDb.db, { ...moved, partner_id: 'p-two' })).rejects.toThrow(/acme/);
    expect((await findTenant(appDb.db, 'acme'))?.warehouse_location).toBe('acme-dir');
  });

  it('enforces unique warehouse locations and valid identifiers in the database itself', async () => {
    const base = { partner_id: 'p-two', name: 'X', reporting_currency: 'USD', time_zone: 'UTC' };
    await expect(
      appDb.db
        .insertInto('tenants')
        .values({ ...base, id: 'copycat', warehouse_location: 'acme-dir' })
        .execute(),
    ).rejects.toThrow();
    await expect(
      appDb.db
        .insertInto('tenants')
        .values({ ...base, id: 'bad', warehouse_location: '../acme-dir' })
        .execute(),
    ).rejects.toThrow();
    await expect(
      appDb.db
        .insertInto('tenants')
        .values({ ...base, id: 'Bad Id', warehouse_location: 'bad-id' })
        .execute(),
    ).rejects.toThrow();
    await expect(
      appDb.db
        .insertInto('tenants')
        .values({ ...base, id: 'no-partner', partner_id: 'ghost', warehouse_location: 'ghost-dir' })
        .execute(),
    ).rejects.toThrow();
    await expect(
      appDb.db
        .insertInto('tenants')
        .values({ ...base, id: 'lower-ccy', warehouse_location: 'lower-ccy', reporting_currency: 'usd' })
        .execute(),
    ).rejects.toThrow();
  });

  it('stores embed keys with exactly the material their algorithm needs', async () => {
    await insertEmbedKey(appDb.db, {
      kid: 'k-ed',
      partner_id: 'p-one',
      alg: 'EdDSA',
      public_jwk: JWK,
      secret_ciphertext: null,
    });
    await insertEmbedKey(appDb.db, {
      kid: 'k-hs',
      partner_id: 'p-one',
      alg: 'HS256',
      public_jwk: null,
      secret_ciphertext: 'v1.aaaa.bbbb',
    });
    const bad = [
      { kid: 'k1', alg: 'HS256', public_jwk: JWK, secret_ciphertext: null },
      { kid: 'k2', alg: 'EdDSA', public_jwk: null, secret_ciphertext: 'v1.a.b' },
      { kid: 'k3', alg: 'EdDSA', public_jwk: JWK, secret_ciphertext: 'v1.a.b' },
      { kid: 'k4', alg: 'none', public_jwk: JWK, secret_ciphertext: null },
      { kid: 'k-ed', alg: 'EdDSA', public_jwk: JWK, secret_ciphertext: null },
    ] as const;
    for (const key of bad) {
      // biome-ignore lint/suspicious/noExplicitAny: deliberately invalid rows
      await expect(insertEmbedKey(appDb.db, { partner_id: 'p-one', ...(key as any) })).rejects.toThrow();
    }
    const found = await findEmbedKey(appDb.db, 'k-ed');
    expect(found).toEqual({
      kid: 'k-ed',
      partnerId: 'p-one',
      alg: 'EdDSA',
      publicJwk: JWK,
      secretCiphertext: null,
      status: 'active',
      partnerStatus: 'active',
      partnerMaxLifetimeSeconds: null,
    });
    expect(await findEmbedKey(appDb.db, 'missing')).toBeUndefined();
    expect((await listEmbedKeys(appDb.db, 'p-one')).map((k) => k.kid).sort()).toEqual(['k-ed', 'k-hs']);
  });

  it('revokes only the owning partner’s active key', async () => {
    const at = new Date('2026-11-25T12:00:00Z');
    expect(await revokeEmbedKey(appDb.db, 'p-two', 'k-hs', at)).toBe(false);
    expect((await findEmbedKey(appDb.db, 'k-hs'))?.status).toBe('active');
    expect(await revokeEmbedKey(appDb.db, 'p-one', 'k-hs', at)).toBe(true);
    expect(await revokeEmbedKey(appDb.db, 'p-one', 'k-hs', at)).toBe(false);
    const row = await appDb.db.selectFrom('embed_keys').selectAll().where('kid', '=', 'k-hs').executeTakeFirstOrThrow();
    expect(row.status).toBe('revoked');
    expect(row.revoked_at?.toISOString()).toBe(at.toISOString());
  });

  it('keeps concurrent transactions apart (a rolled-back one leaves nothing behind)', async () => {
    const insertOrigin = (origin: string, fail: boolean) =>
      appDb.db.transaction().execute(async (trx) => {
        await trx.insertInto('partner_origins').values({ partner_id: 'p-two', origin }).execute();
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (fail) throw new Error('roll back');
      });
    const results = await Promise.allSettled([
      insertOrigin('https://kept.example', false),
      insertOrigin('https://dropped.example', true),
      appDb.db.insertInto('partner_origins').values({ partner_id: 'p-two', origin: 'https://plain.example' }).execute(),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const origins = await appDb.db.selectFrom('partner_origins').select('origin').orderBy('origin').execute();
    expect(origins.map((o) => o.origin)).toEqual(['https://kept.example', 'https://plain.example']);
  });

  it('appends audit entries with generated string ids', async () => {
    const rows = await appDb.db
      .insertInto('audit_log')
      .values([
        {
          at: new Date(),
          partner_id: 'p-one',
          tenant_id: 'acme',
          actor_kind: 'token',
          subject: 'u1',
          jti: 'j1',
          action: 'metrics.query',
          route: '/api/v1/metrics',
          dashboard: null,
          outcome: 'ok',
          detail: null,
        },
        {
          at: new Date(),
          partner_id: 'p-one',
          tenant_id: null,
          actor_kind: 'operator',
          subject: null,
          jti: null,
          action: 'tenant.create',
          route: null,
          dashboard: null,
          outcome: 'ok',
          detail: '{"id":"acme"}',
        },
      ])
      .returning('id')
      .execute();
    expect(rows).toHaveLength(2);
    expect(BigInt(rows[1]!.id) - BigInt(rows[0]!.id)).toBe(1n);
  });

  it('rolls every migration back down and up again', async () => {
    const migrator = new Migrator({
      db: appDb.db,
      provider: { getMigrations: async () => ({ ...APP_DB_MIGRATIONS }) },
    });
    const down = await migrator.migrateTo(NO_MIGRATIONS);
    expect(down.error).toBeUndefined();
    const left = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
      where table_schema = current_schema() and table_name in ('partners', 'tenants', 'embed_keys')`.execute(appDb.db);
    expect(left.rows[0]?.n).toBe(0);
    expect(await migrateAppDb(appDb.db)).toEqual(Object.keys(APP_DB_MIGRATIONS));
  });
});
