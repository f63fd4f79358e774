/**
 * The Workers warehouse against a fake Snowflake SQL API (`fetch` stand-in): JWT key-pair auth headers, bound
 * parameters, QUERY_TAG, async polling, partitions, value mapping, location check, errors.
 */
import { decodeJwt, exportPKCS8, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSnowflakeHttpWarehouse, fromSqlApi, toBinding } from './snowflake-http-warehouse.js';

const scope = {
  tenantId: 't1',
  warehouseLocation: 'loc1',
  timeZone: 'UTC',
  reportingCurrency: 'USD',
  lockedFilters: {},
};
let pem = '';
beforeAll(async () => {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  pem = await exportPKCS8(privateKey);
});

describe('Snowflake over the SQL API', () => {
  it('maps SQL API text values to the warehouse contract', () => {
    expect(fromSqlApi('20000', { name: 'd', type: 'date' })).toBe('2024-10-04');
    expect(fromSqlApi('9007199254740993', { name: 'n', type: 'fixed', scale: 0 })).toBe(9007199254740993n);
    expect(fromSqlApi('12.50', { name: 'n', type: 'fixed', scale: 2 })).toBe(12.5);
    expect(fromSqlApi('true', { name: 'b', type: 'boolean' })).toBe(true);
    expect(fromSqlApi(null, { name: 'x', type: 'text' })).toBeNull();
    expect(toBinding(3)).toEqual({ type: 'FIXED', value: '3' });
    expect(toBinding(0.5)).toEqual({ type: 'REAL', value: '0.5' });
    expect(toBinding('a')).toEqual({ type: 'TEXT', value: 'a' });
  });

  it('runs a statement: auth headers, bindings, query tag, polling and partitions', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fake = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      if (url.endsWith('/api/v2/statements?async=false'))
        return Response.json({ statementHandle: 'h1' }, { status: 202 });
      if (url.endsWith('/api/v2/statements/h1')) {
        return Response.json({
          statementHandle: 'h1',
          resultSetMetaData: {
            rowType: [
              { name: 'DATE_DAY', type: 'date' },
              { name: 'CLICKS', type: 'fixed', scale: 0 },
            ],
            partitionInfo: [{}, {}],
          },
          data: [['20000', '5']],
        });
      }
      if (url.endsWith('/api/v2/statements/h1?partition=1')) return Response.json({ data: [['20001', null]] });
      return new Response('{}', { status: 404 });
    }) as unknown as typeof fetch;
    const wh = createSnowflakeHttpWarehouse({
      account: 'org-acc',
      user: 'miq',
      privateKeyPem: pem,
      warehouse: 'WH',
      fetch: fake,
    });
    const rows = await wh.execute({ sql: 'select ? as x', parameters: ['a', 2], location: 'loc1' }, { scope });
    expect(rows).toEqual([
      { date_day: '2024-10-04', clicks: 5 },
      { date_day: '2024-10-05', clicks: null },
    ]);
    const first = calls[0]!;
    const headers = first.init.headers as Record<string, string>;
    expect(headers['x-snowflake-authorization-token-type']).toBe('KEYPAIR_JWT');
    const claims = decodeJwt(headers.authorization!.replace('Bearer ', ''));
    expect(claims.sub).toBe('ORG-ACC.MIQ');
    expect(claims.iss).toMatch(/^ORG-ACC\.MIQ\.SHA256:[A-Za-z0-9+/]{43}=$/);
    const body = JSON.parse(String(first.init.body));
    expect(body.bindings).toEqual({ '1': { type: 'TEXT', value: 'a' }, '2': { type: 'FIXED', value: '2' } });
    expect(JSON.parse(body.parameters.query_tag)).toEqual({ app: 'marketing-iq', tenant: 't1' });
    expect(body.warehouse).toBe('WH');
  });

  it('refuses a query for another location and maps failures to 503', async () => {
    const fake = (async () =>
      Response.json({ code: '002003', message: 'no such table' }, { status: 422 })) as unknown as typeof fetch;
    const wh = createSnowflakeHttpWarehouse({
      account: 'a',
      user: 'u',
      privateKeyPem: pem,
      warehouse: 'WH',
      fetch: fake,
    });
    await expect(wh.execute({ sql: 'select 1', parameters: [], location: 'other' }, { scope })).rejects.toMatchObject({
      code: 'internal',
    });
    await expect(wh.execute({ sql: 'select 1', parameters: [], location: 'loc1' }, { scope })).rejects.toMatchObject({
      code: 'warehouse_unavailable',
    });
  });
});
