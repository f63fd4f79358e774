/** Snowflake cannot be reached here: the configuration, per-statement parameters and cancel are checked with a stand-in SDK. */
import { describe, expect, it } from 'vitest';
import { MiqError } from '../../errors/index.js';
import {
  createSnowflakeWarehouse,
  type SnowflakeConnectionLike,
  type SnowflakeSdkLike,
  snowflakeConnectionOptions,
  statementParameters,
} from './snowflake-warehouse.js';

const KEY = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n';
const base = {
  account: 'xy12345.eu-central-1',
  username: 'MIQ_API',
  privateKey: KEY,
  warehouse: 'MIQ_WH',
  role: 'MIQ_READER',
};
const scope = {
  tenantId: 'rare-seeds',
  warehouseLocation: 'CLIENT_RARE_SEEDS_DB',
  timeZone: 'UTC',
  reportingCurrency: 'USD',
  lockedFilters: {},
};

function fakeSdk(behaviour: (o: Parameters<SnowflakeConnectionLike['execute']>[0]) => { cancel(): void }) {
  const calls: Parameters<SnowflakeConnectionLike['execute']>[0][] = [];
  const created: Record<string, unknown>[] = [];
  const sdk: SnowflakeSdkLike = {
    createPool(options) {
      created.push(options);
      const connection: SnowflakeConnectionLike = {
        execute(o) {
          calls.push(o);
          return behaviour(o);
        },
      };
      return { use: (fn) => fn(connection), drain: async () => {}, clear: async () => {} };
    },
  };
  return { sdk, calls, created };
}

describe('Snowflake warehouse', () => {
  it('uses key-pair (JWT) authentication and refuses incomplete configuration', () => {
    expect(snowflakeConnectionOptions(base)).toMatchObject({
      authenticator: 'SNOWFLAKE_JWT',
      privateKey: KEY,
      warehouse: 'MIQ_WH',
      role: 'MIQ_READER',
    });
    expect(() => snowflakeConnectionOptions({ ...base, privateKey: '' })).toThrow(/missing privateKey/);
    expect(() => snowflakeConnectionOptions({ ...base, privateKey: 'hunter2' })).toThrow(/PEM/);
    expect(() => snowflakeConnectionOptions({ ...base, privateKey: 'hunter2' })).not.toThrow(/hunter2/);
  });

  it('sends binds, a statement timeout and a per-tenant QUERY_TAG with every statement; keys come back lower-case', async () => {
    const { sdk, calls } = fakeSdk((o) => {
      o.complete(null, {}, [{ D0: 'google_ads', X0: 12.5 }]);
      return { cancel() {} };
    });
    const w = createSnowflakeWarehouse({ ...base, sdk, statementTimeoutSeconds: 30 });
    const rows = await w.execute(
      { sql: 'select ? as "D0"', parameters: ['x'], location: 'CLIENT_RARE_SEEDS_DB' },
      { scope },
    );
    expect(rows).toEqual([{ d0: 'google_ads', x0: 12.5 }]);
    expect(calls[0]?.binds).toEqual(['x']);
    expect(calls[0]?.parameters).toMatchObject({ STATEMENT_TIMEOUT_IN_SECONDS: 30 });
    expect(JSON.parse(String(calls[0]?.parameters?.QUERY_TAG))).toEqual({ app: 'marketing-iq', tenant: 'rare-seeds' });
    expect(statementParameters('a', 5).QUERY_TAG).not.toBe(statementParameters('b', 5).QUERY_TAG);
  });

  it('cancels the statement when the client goes away', async () => {
    let cancelled = false;
    const { sdk } = fakeSdk((o) => ({
      cancel() {
        cancelled = true;
        o.complete(new Error('SQL execution canceled'), {});
      },
    }));
    const w = createSnowflakeWarehouse({ ...base, sdk });
    const controller = new AbortController();
    const p = w.execute(
      { sql: 'select 1', parameters: [], location: 'CLIENT_RARE_SEEDS_DB' },
      { scope, signal: controller.signal },
    );
    controller.abort();
    await expect(p).rejects.toMatchObject({ code: 'client_closed' });
    expect(cancelled).toBe(true);
  });

  it("refuses a query compiled for another tenant's database", async () => {
    const { sdk, calls } = fakeSdk(() => ({ cancel() {} }));
    const w = createSnowflakeWarehouse({ ...base, sdk });
    await expect(
      w.execute({ sql: 'select 1', parameters: [], location: 'CLIENT_OTHER_DB' }, { scope }),
    ).rejects.toBeInstanceOf(MiqError);
    expect(calls).toHaveLength(0);
  });
});
