/**
 * The real `snowflake-sdk` driving the adapter against a FAKE Snowflake HTTP server (testing/fake-snowflake-server.ts):
 * key-pair login, binds and per-statement parameters on the wire, JSON rowsets of every column type, retries,
 * timeouts, cancellation, pooling and per-tenant warehouses. The fake runs no SQL; Snowflake itself is not reachable.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { MiqError } from '../../errors/index.js';
import { createSemanticLayer } from '../../semantic/semantic-layer.js';
import { EXAMPLE_NOW, EXAMPLES } from '../../semantic/testing/examples.js';
import { fixtureCatalog } from '../../semantic/testing/fixture-catalog.js';
import { createSnowflakeWarehouse, type SnowflakeWarehouseOptions } from './snowflake-warehouse.js';
import {
  type FakeReply,
  type FakeSnowflake,
  type ReceivedStatement,
  startFakeSnowflake,
} from './testing/fake-snowflake-server.js';

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
const keys = keyPair();
const base = { timeZone: 'UTC', reportingCurrency: 'USD', lockedFilters: {} };
const scope = { ...base, tenantId: 'rare-seeds', warehouseLocation: 'CLIENT_RARE_SEEDS_DB' };
const query = (sql = 'select 1 as "X0"', parameters: unknown[] = []) => ({
  sql,
  parameters,
  location: 'CLIENT_RARE_SEEDS_DB',
});
const one: FakeReply = { result: { columns: [{ name: 'X0', type: 'fixed' }], rows: [['1']] } };

let fake: FakeSnowflake | undefined;
let closeWarehouse: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeWarehouse?.();
  await fake?.close();
  fake = undefined;
  closeWarehouse = undefined;
});

async function setup(
  reply: (s: ReceivedStatement) => FakeReply | Promise<FakeReply>,
  extra: Partial<SnowflakeWarehouseOptions> = {},
) {
  fake = await startFakeSnowflake({ publicKeyPem: keys.publicKey, reply });
  const w = createSnowflakeWarehouse({
    account: 'fakeacct',
    username: 'MIQ_API',
    privateKey: keys.privateKey,
    warehouse: 'MIQ_API_WH',
    role: 'MIQ_API_READER',
    accessUrl: fake.url,
    retry: { attempts: 3, baseDelayMs: 20 },
    ...extra,
  });
  closeWarehouse = () => w.close();
  return { w, fake };
}

describe('Snowflake adapter against a fake Snowflake HTTP server', () => {
  it('logs in with a key-pair JWT the server verifies; sends binds, QUERY_TAG, timeout and WEEK_START per statement', async () => {
    const { w, fake } = await setup(() => one, { statementTimeoutSeconds: 17 });
    const rows = await w.execute(query('select ? , ?, ?', ['rare-seeds', 3, 2.5]), { scope });
    expect(rows).toEqual([{ x0: 1 }]);
    expect(fake.logins).toHaveLength(1);
    expect(fake.logins[0]).toMatchObject({
      authenticator: 'SNOWFLAKE_JWT',
      user: 'MIQ_API',
      warehouse: 'MIQ_API_WH',
      role: 'MIQ_API_READER',
      jwtVerified: true,
    });
    const s = fake.statements[0];
    expect(s?.sqlText).toBe('select ? , ?, ?');
    expect(s?.bindings).toEqual({
      '1': { type: 'TEXT', value: 'rare-seeds' },
      '2': { type: 'FIXED', value: '3' },
      '3': { type: 'REAL', value: '2.5' },
    });
    expect(s?.parameters).toMatchObject({ STATEMENT_TIMEOUT_IN_SECONDS: 17, WEEK_START: 1, TIMEZONE: 'UTC' });
    expect(JSON.parse(String(s?.parameters?.QUERY_TAG))).toEqual({ app: 'marketing-iq', tenant: 'rare-seeds' });
  });

  it('refuses to run with a private key the account does not know', async () => {
    const other = keyPair();
    const { w, fake } = await setup(() => one, { privateKey: other.privateKey, retry: { attempts: 1 } });
    await expect(w.execute(query(), { scope })).rejects.toMatchObject({ code: 'warehouse_unavailable' });
    expect(fake.logins[0]?.jwtVerified).toBe(false);
    expect(fake.statements).toHaveLength(0);
  });

  it('maps every column type of a JSON rowset to JSON values', async () => {
    // Raw cells as Snowflake encodes them, built here from independent facts (epoch arithmetic).
    const day = Date.UTC(2025, 10, 24) / 86_400_000; // DATE: days since 1970-01-01
    const secs = Date.UTC(2026, 2, 8, 7, 30, 0) / 1000; // 2026-03-08T07:30:00Z
    const { w } = await setup(() => ({
      result: {
        columns: [
          { name: 'INT', type: 'fixed', scale: 0 },
          { name: 'BIG', type: 'fixed', scale: 0 },
          { name: 'MONEY', type: 'fixed', precision: 38, scale: 2 },
          { name: 'DEC', type: 'fixed', precision: 18, scale: 4 },
          { name: 'DBL', type: 'real' },
          { name: 'D', type: 'date' },
          { name: 'TZ', type: 'timestamp_tz', scale: 3 },
          { name: 'LTZ', type: 'timestamp_ltz', scale: 9 },
          { name: 'NTZ', type: 'timestamp_ntz', scale: 6 },
          { name: 'B', type: 'boolean' },
          { name: 'T', type: 'text' },
        ],
        rows: [
          [
            '42',
            '9007199254740993',
            '12.50',
            '-0.0001',
            '0.1',
            String(day),
            `${secs}.123 ${1440 + 60}`, // +01:00 offset index
            `${secs}.000000001`,
            `${secs}.250000`,
            '1',
            'Rare Seeds — ünïcode',
          ],
          ['0', '-9007199254740993', '0.00', '0.0000', '-1e-7', '0', `0.000 ${1440 - 300}`, '0', '0', '0', ''],
          Array.from({ length: 11 }, () => null),
        ],
      },
    }));
    const rows = await w.execute(query(), { scope });
    expect(rows[0]).toEqual({
      int: 42,
      big: 9007199254740993n,
      money: 12.5,
      dec: -0.0001,
      dbl: 0.1,
      d: '2025-11-24',
      tz: '2026-03-08T07:30:00.123Z',
      ltz: '2026-03-08T07:30:00.000Z',
      ntz: '2026-03-08T07:30:00.250Z',
      b: true,
      t: 'Rare Seeds — ünïcode',
    });
    expect(rows[1]).toEqual({
      int: 0,
      big: -9007199254740993n,
      money: 0,
      dec: 0,
      dbl: -1e-7,
      d: '1970-01-01',
      tz: '1970-01-01T00:00:00.000Z',
      ltz: '1970-01-01T00:00:00.000Z',
      ntz: '1970-01-01T00:00:00.000Z',
      b: false,
      t: '',
    });
    expect(Object.values(rows[2] ?? {})).toEqual(Array.from({ length: 11 }, () => null));
    expect(JSON.parse(JSON.stringify(rows[0], (_k, v) => (typeof v === 'bigint' ? v.toString() : v)))).toMatchObject({
      big: '9007199254740993',
    });
  });

  it('a transient HTTP 503 is retried by the driver with the same request id', async () => {
    const { w, fake } = await setup((s) => (s.attempt === 1 ? { httpStatus: 503 } : one));
    await expect(w.execute(query(), { scope })).resolves.toEqual([{ x0: 1 }]);
    expect(fake.statements.map((s) => s.attempt)).toEqual([1, 2]);
    expect(new Set(fake.statements.map((s) => s.requestId)).size).toBe(1);
  }, 30_000);

  it('a connection-class failure (SQLSTATE 08) is retried by the adapter; a SQL error is not', async () => {
    let n = 0;
    const { w, fake } = await setup((s) => {
      if (s.sqlText.includes('bad'))
        return { error: { code: '001003', message: 'SQL compilation error', sqlState: '42000' } };
      n += 1;
      return n === 1 ? { error: { code: '000403', message: 'connection lost (fake)', sqlState: '08006' } } : one;
    });
    await expect(w.execute(query(), { scope })).resolves.toEqual([{ x0: 1 }]);
    expect(fake.statements).toHaveLength(2);
    expect(fake.statements[0]?.requestId).not.toBe(fake.statements[1]?.requestId);
    await expect(w.execute(query('select bad'), { scope })).rejects.toMatchObject({ code: 'warehouse_unavailable' });
    expect(fake.statements.filter((s) => s.sqlText === 'select bad')).toHaveLength(1);
  });

  it("Snowflake's statement timeout (000630) becomes query_timeout and is not retried", async () => {
    const { w, fake } = await setup(() => ({
      error: {
        code: '000630',
        message: 'Statement reached its statement or warehouse timeout of 1 second(s) and was canceled.',
      },
    }));
    await expect(w.execute(query(), { scope })).rejects.toMatchObject({ code: 'query_timeout' });
    expect(fake.statements).toHaveLength(1);
  });

  it('no answer within timeout + grace: the statement is cancelled and the query times out', async () => {
    const { w, fake } = await setup(() => ({ hang: true }), { statementTimeoutSeconds: 1, clientGraceMs: 200 });
    const t0 = Date.now();
    await expect(w.execute(query(), { scope })).rejects.toMatchObject({ code: 'query_timeout' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1150);
    await expect.poll(() => fake.aborts).toEqual([fake.statements[0]?.requestId]);
  }, 30_000);

  it('a client disconnect cancels the running statement on the server', async () => {
    const { w, fake } = await setup(() => ({ hang: true }));
    const controller = new AbortController();
    const p = w.execute(query(), { scope, signal: controller.signal });
    await expect.poll(() => fake.statements.length).toBe(1);
    controller.abort();
    await expect(p).rejects.toBeInstanceOf(MiqError);
    await expect(p).rejects.toMatchObject({ code: 'client_closed' });
    await expect.poll(() => fake.aborts).toEqual([fake.statements[0]?.requestId]);
  });

  it('pools connections: never more statements at once than the pool size, sessions reused', async () => {
    const { w, fake } = await setup(() => ({ ...one, delayMs: 100 }), { pool: { max: 2 } });
    const results = await Promise.all(Array.from({ length: 6 }, () => w.execute(query(), { scope })));
    expect(results).toEqual(Array.from({ length: 6 }, () => [{ x0: 1 }]));
    expect(fake.concurrency.max).toBe(2);
    expect(fake.logins).toHaveLength(2);
    expect(new Set(fake.statements.map((s) => s.sessionToken)).size).toBe(2);
  });

  it("runs a tenant's statements on its own warehouse when one is configured", async () => {
    const { w, fake } = await setup(() => one, {
      warehouseFor: (tenant) => (tenant === 'rare-seeds' ? 'PARTNER_ACME_WH' : undefined),
    });
    await w.execute(query(), { scope });
    await w.execute(
      { ...query(), location: 'CLIENT_NORDIC_KNITS_DB' },
      { scope: { ...base, tenantId: 'nordic-knits', warehouseLocation: 'CLIENT_NORDIC_KNITS_DB' } },
    );
    expect(fake.logins.map((l) => l.warehouse).sort()).toEqual(['MIQ_API_WH', 'PARTNER_ACME_WH']);
    const byToken = new Map(
      fake.statements.map((s) => [s.sessionToken, JSON.parse(String(s.parameters?.QUERY_TAG)).tenant]),
    );
    expect([...byToken.values()].sort()).toEqual(['nordic-knits', 'rare-seeds']);
    expect(() =>
      createSnowflakeWarehouse({
        account: 'a',
        username: 'u',
        privateKey: keys.privateKey,
        warehouse: 'bad name; drop',
      }),
    ).toThrow(/invalid warehouse name/);
  });

  it('serves a metrics query end to end: semantic layer → Snowflake SQL → driver → JSON rows and freshness', async () => {
    const synced = Date.UTC(2026, 10, 25, 6, 12) / 1000;
    const { w, fake } = await setup((s) =>
      s.sqlText.includes('"SOURCE_FRESHNESS"')
        ? {
            result: {
              columns: [
                { name: 'SOURCE', type: 'text' },
                { name: 'LAST_SYNCED_AT', type: 'timestamp_ntz', scale: 9 },
              ],
              rows: [
                ['google_ads', `${synced}.000000000`],
                ['facebook_ads', null],
              ],
            },
          }
        : {
            result: {
              columns: [
                { name: 'X0', type: 'fixed', precision: 38, scale: 2 },
                { name: 'X1', type: 'fixed', scale: 0 },
                { name: 'X2', type: 'fixed', scale: 0 },
              ],
              rows: [['47461.36', '109708', '11339627']],
            },
          },
    );
    const layer = createSemanticLayer({ catalog: fixtureCatalog(), warehouse: w, clock: () => EXAMPLE_NOW });
    const res = await layer.query(EXAMPLES.totals, scope);
    expect(res.rows).toEqual([{ 'ads.spend': 47461.36, 'ads.clicks': 109708, 'ads.impressions': 11339627 }]);
    expect(res.meta.freshness.sources).toMatchObject({ google_ads: '2026-11-25T06:12:00.000Z', facebook_ads: null });
    const main = fake.statements.find((s) => !s.sqlText.includes('SOURCE_FRESHNESS'));
    expect(main?.sqlText).toContain('from "CLIENT_RARE_SEEDS_DB"."MARTS"."FACT_CAMPAIGN_PERFORMANCE_DAILY"');
    expect(Object.values(main?.bindings ?? {}).map((b) => b.value)).toEqual([
      'rare-seeds',
      '2026-10-01',
      '2026-10-31',
      '1000',
    ]);
  });
});
