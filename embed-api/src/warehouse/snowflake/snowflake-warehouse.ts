/**
 * Snowflake warehouse (production): `snowflake-sdk` with a connection pool and key-pair (JWT) authentication. Each
 * statement carries per-statement session parameters: a statement timeout and a `QUERY_TAG` naming the tenant (so
 * Snowflake's query history and cost reports attribute it). An aborted signal cancels the running statement.
 * The compiled SQL already qualifies every table with the tenant's database (`"CLIENT_X_DB"."MARTS"."FACT_..."`).
 *
 * @example
 * const warehouse = createSnowflakeWarehouse({ account: 'xy12345.eu-central-1', username: 'MIQ_API',
 *   privateKey: process.env.SNOWFLAKE_PRIVATE_KEY!, warehouse: 'MIQ_API_WH', role: 'MIQ_API_READER' });
 */
import { MiqError } from '../../errors/index.js';
import { WAREHOUSE_LOCATION_PATTERN } from '../../semantic/scope.js';
import type { CompiledQuery, Warehouse } from '../types.js';

export interface SnowflakeWarehouseOptions {
  readonly account: string;
  readonly username: string;
  /** PEM private key (PKCS#8) for key-pair authentication. */
  readonly privateKey: string;
  readonly privateKeyPassphrase?: string;
  readonly warehouse: string;
  readonly role?: string;
  /** Per statement; default 60 s. */
  readonly statementTimeoutSeconds?: number;
  readonly pool?: { readonly min?: number; readonly max?: number };
  readonly application?: string;
  /** For tests: a stand-in for the `snowflake-sdk` module (only `createPool` is used). */
  readonly sdk?: SnowflakeSdkLike;
}

/** The slice of `snowflake-sdk` this adapter uses. */
export interface SnowflakeSdkLike {
  createPool(options: Record<string, unknown>, poolOptions: Record<string, unknown>): SnowflakePoolLike;
}
export interface SnowflakePoolLike {
  use<T>(fn: (connection: SnowflakeConnectionLike) => Promise<T>): Promise<T>;
  drain(): Promise<void>;
  clear(): Promise<void>;
}
export interface SnowflakeConnectionLike {
  execute(options: {
    sqlText: string;
    binds?: unknown[];
    parameters?: Record<string, unknown>;
    complete: (err: unknown, stmt: unknown, rows?: Record<string, unknown>[]) => void;
  }): { cancel(cb?: (err: unknown) => void): void };
}

/** Validates the options and maps them to `snowflake-sdk` connection options (no secrets in errors). */
export function snowflakeConnectionOptions(o: SnowflakeWarehouseOptions): Record<string, unknown> {
  const missing = (['account', 'username', 'privateKey', 'warehouse'] as const).filter((k) => !o[k]);
  if (missing.length > 0) throw new Error(`Snowflake warehouse: missing ${missing.join(', ')}`);
  if (!/-----BEGIN (ENCRYPTED )?PRIVATE KEY-----/.test(o.privateKey)) {
    throw new Error('Snowflake warehouse: privateKey must be a PEM PKCS#8 private key');
  }
  return {
    account: o.account,
    username: o.username,
    authenticator: 'SNOWFLAKE_JWT',
    privateKey: o.privateKey,
    ...(o.privateKeyPassphrase ? { privateKeyPass: o.privateKeyPassphrase } : {}),
    warehouse: o.warehouse,
    ...(o.role ? { role: o.role } : {}),
    application: o.application ?? 'marketing-iq-embed-api',
    clientSessionKeepAlive: true,
  };
}

/** Session parameters sent with every statement for one tenant. */
export function statementParameters(tenantId: string, timeoutSeconds: number): Record<string, unknown> {
  return {
    QUERY_TAG: JSON.stringify({ app: 'marketing-iq', tenant: tenantId }),
    STATEMENT_TIMEOUT_IN_SECONDS: timeoutSeconds,
    // Results as JSON rowsets the Node driver reads; dates as ISO strings.
    DATE_OUTPUT_FORMAT: 'YYYY-MM-DD',
    TIMESTAMP_NTZ_OUTPUT_FORMAT: 'YYYY-MM-DD"T"HH24:MI:SS.FF3',
    WEEK_START: 1,
  };
}

export function createSnowflakeWarehouse(o: SnowflakeWarehouseOptions): Warehouse {
  const connectionOptions = snowflakeConnectionOptions(o);
  const timeout = o.statementTimeoutSeconds ?? 60;
  let pool: SnowflakePoolLike | undefined;

  async function getPool(): Promise<SnowflakePoolLike> {
    if (!pool) {
      // Loaded lazily: the driver is large and Node-only.
      const sdk: SnowflakeSdkLike =
        o.sdk ?? ((await import('snowflake-sdk')) as unknown as { default: SnowflakeSdkLike }).default;
      pool = sdk.createPool(connectionOptions, { min: o.pool?.min ?? 0, max: o.pool?.max ?? 8 });
    }
    return pool;
  }

  async function execute(
    q: CompiledQuery,
    opts: { scope: { tenantId: string; warehouseLocation: string }; signal?: AbortSignal },
  ): Promise<Record<string, unknown>[]> {
    const { scope, signal } = opts;
    if (q.location !== scope.warehouseLocation || !WAREHOUSE_LOCATION_PATTERN.test(scope.warehouseLocation)) {
      throw new MiqError('internal', { internal: { reason: 'query location does not match the scope' } });
    }
    if (signal?.aborted) throw new MiqError('client_closed');
    const p = await getPool();
    return p.use(
      (connection) =>
        new Promise<Record<string, unknown>[]>((resolve, reject) => {
          const stmt = connection.execute({
            sqlText: q.sql,
            binds: [...q.parameters],
            parameters: statementParameters(scope.tenantId, timeout),
            complete: (err, _stmt, rows) => {
              signal?.removeEventListener('abort', onAbort);
              if (!err) {
                resolve((rows ?? []).map(lowerKeys));
                return;
              }
              if (signal?.aborted) reject(new MiqError('client_closed', { internal: String(err) }));
              else if (/timeout|canceled|cancelled/i.test(String((err as { message?: unknown }).message ?? err))) {
                reject(new MiqError('query_timeout', { internal: String(err) }));
              } else reject(new MiqError('warehouse_unavailable', { internal: { sql: q.sql, error: String(err) } }));
            },
          });
          const onAbort = (): void => stmt.cancel();
          if (signal?.aborted) onAbort();
          else signal?.addEventListener('abort', onAbort, { once: true });
        }),
    );
  }

  async function close(): Promise<void> {
    if (pool) {
      await pool.drain();
      await pool.clear();
    }
  }

  return { dialect: 'snowflake', execute, close };
}

function lowerKeys(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k.toLowerCase()] = v;
  return out;
}
