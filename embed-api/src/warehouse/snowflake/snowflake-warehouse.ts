/**
 * Snowflake warehouse (production): `snowflake-sdk` connection pools (one per Snowflake warehouse: a tenant or partner
 * may have its own) with key-pair (JWT) authentication. Each statement carries per-statement session parameters: a
 * statement timeout, a `QUERY_TAG` naming the tenant (Snowflake's query history and cost reports attribute it),
 * `WEEK_START` (Monday, as the compiler assumes) and `TIMEZONE` UTC. Values are bound, never spliced.
 *
 * Failure handling:
 * - the client goes away (aborted signal) → the running statement is cancelled (abort-request) → `client_closed`;
 * - Snowflake's statement timeout (000630), or no answer within the timeout plus a grace period (the statement is then
 *   cancelled) → `query_timeout`;
 * - transient failures (network/HTTP failures the driver gives up on, SQLSTATE class 08) are retried on a pooled
 *   connection with backoff, up to `retry.attempts`; the driver itself already retries HTTP 5xx/429 with the same
 *   request id. Anything else → `warehouse_unavailable` (503) with the details logged, never sent.
 *
 * Type mapping (rows keyed by lower-case alias): NUMBER(p,0) → number, or bigint beyond 2^53; NUMBER(p,s>0)/DECIMAL
 * and FLOAT → number; DATE → 'YYYY-MM-DD'; TIMESTAMP_TZ/LTZ → ISO instant in UTC ('…Z'); TIMESTAMP_NTZ (UTC by the
 * mart contract) → ISO with 'Z'; BOOLEAN → boolean; text → string; VARIANT → its JSON value.
 *
 * @example
 * const warehouse = createSnowflakeWarehouse({ account: 'xy12345.eu-central-1', username: 'MIQ_API',
 *   privateKey: process.env.SNOWFLAKE_PRIVATE_KEY!, warehouse: 'MIQ_API_WH', role: 'MIQ_API_READER',
 *   warehouseFor: (tenantId) => ({ 'rare-seeds': 'PARTNER_ACME_WH' })[tenantId] });
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
  /** Default Snowflake warehouse. */
  readonly warehouse: string;
  /** A tenant's own (or its partner's) warehouse, when the operator configured one; undefined → `warehouse`. */
  readonly warehouseFor?: (tenantId: string) => string | undefined;
  readonly role?: string;
  /** Per statement; default 60 s. */
  readonly statementTimeoutSeconds?: number;
  /** Extra time the client waits past the statement timeout before it cancels and gives up; default 5000 ms. */
  readonly clientGraceMs?: number;
  /** Per warehouse pool. */
  readonly pool?: { readonly min?: number; readonly max?: number };
  /** Attempts for transient failures (default 3) and the first backoff (default 200 ms, doubling). */
  readonly retry?: { readonly attempts?: number; readonly baseDelayMs?: number };
  readonly application?: string;
  /** `snowflake-sdk` log level (default ERROR). */
  readonly driverLogLevel?: 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE';
  /** Full URL of the account endpoint (private link, or the fake server in tests); default from `account`. */
  readonly accessUrl?: string;
  /** For tests: a stand-in for the `snowflake-sdk` module (only `createPool` is used). */
  readonly sdk?: SnowflakeSdkLike;
}

/** The slice of `snowflake-sdk` this adapter uses. */
export interface SnowflakeSdkLike {
  configure?(options: { logLevel?: string }): void;
  createPool(options: Record<string, unknown>, poolOptions: Record<string, unknown>): SnowflakePoolLike;
}
export interface SnowflakePoolLike {
  use<T>(fn: (connection: SnowflakeConnectionLike) => Promise<T>): Promise<T>;
  drain(): Promise<void>;
  clear(): Promise<void>;
}
export interface SnowflakeColumnLike {
  getName(): string;
  getType(): string;
  getScale?(): number;
}
export interface SnowflakeStatementLike {
  getColumns?(): SnowflakeColumnLike[] | undefined;
}
export interface SnowflakeConnectionLike {
  execute(options: {
    sqlText: string;
    binds?: unknown[];
    parameters?: Record<string, unknown>;
    complete: (err: unknown, stmt: SnowflakeStatementLike | undefined, rows?: Record<string, unknown>[]) => void;
  }): { cancel(cb?: (err: unknown) => void): void };
}

/** Validates the options and maps them to `snowflake-sdk` connection options (no secrets in errors). */
export function snowflakeConnectionOptions(
  o: SnowflakeWarehouseOptions,
  warehouse = o.warehouse,
): Record<string, unknown> {
  const missing = (['account', 'username', 'privateKey', 'warehouse'] as const).filter((k) => !o[k]);
  if (missing.length > 0) throw new Error(`Snowflake warehouse: missing ${missing.join(', ')}`);
  if (!/-----BEGIN (ENCRYPTED )?PRIVATE KEY-----/.test(o.privateKey)) {
    throw new Error('Snowflake warehouse: privateKey must be a PEM PKCS#8 private key');
  }
  if (!SNOWFLAKE_IDENTIFIER.test(warehouse))
    throw new Error(`Snowflake warehouse: invalid warehouse name ${warehouse}`);
  return {
    account: o.account,
    username: o.username,
    authenticator: 'SNOWFLAKE_JWT',
    privateKey: o.privateKey,
    ...(o.privateKeyPassphrase ? { privateKeyPass: o.privateKeyPassphrase } : {}),
    warehouse,
    ...(o.role ? { role: o.role } : {}),
    ...(o.accessUrl ? { accessUrl: o.accessUrl } : {}),
    application: o.application ?? 'marketing-iq-embed-api',
    clientSessionKeepAlive: true,
    // NUMBER(p,0) arrives as an exact integer (mapped to number or bigint below), never a rounded double.
    jsTreatIntegerAsBigInt: true,
  };
}

/** Unquoted Snowflake identifiers only (warehouse names go into connection options, not SQL, but keep them boring). */
const SNOWFLAKE_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,254}$/;

/** Session parameters sent with every statement for one tenant. */
export function statementParameters(tenantId: string, timeoutSeconds: number): Record<string, unknown> {
  return {
    QUERY_TAG: JSON.stringify({ app: 'marketing-iq', tenant: tenantId }),
    STATEMENT_TIMEOUT_IN_SECONDS: timeoutSeconds,
    // DATE_TRUNC('week', …) starts on Monday (the compiler and dim_date assume ISO weeks).
    WEEK_START: 1,
    TIMEZONE: 'UTC',
  };
}

/** Snowflake's "statement reached its statement or warehouse timeout" error code. */
const TIMEOUT_CODES = new Set(['000630']);
/** Driver error codes for network failures and failed HTTP responses (snowflake-sdk error_code.js). */
const TRANSIENT_DRIVER_CODES = new Set([401001, 402001, 402002, '401001', '402001', '402002']);

interface ErrorLike {
  code?: unknown;
  sqlState?: unknown;
  message?: unknown;
}

/** Whether a failed statement may be retried: network/HTTP failures and SQLSTATE class 08 (connection exception). */
export function isTransientSnowflakeError(err: unknown): boolean {
  const e = (err ?? {}) as ErrorLike;
  if (TRANSIENT_DRIVER_CODES.has(e.code as string)) return true;
  if (typeof e.sqlState === 'string' && e.sqlState.startsWith('08')) return true;
  return /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|socket hang up/i.test(String(e.message ?? ''));
}

export function isTimeoutSnowflakeError(err: unknown): boolean {
  return TIMEOUT_CODES.has(String((err as ErrorLike | undefined)?.code ?? ''));
}

export function createSnowflakeWarehouse(o: SnowflakeWarehouseOptions): Warehouse {
  snowflakeConnectionOptions(o); // fail fast on bad configuration
  const timeout = o.statementTimeoutSeconds ?? 60;
  const grace = o.clientGraceMs ?? 5000;
  const attempts = Math.max(1, o.retry?.attempts ?? 3);
  const baseDelay = o.retry?.baseDelayMs ?? 200;
  const pools = new Map<string, Promise<SnowflakePoolLike>>();
  let closed = false;

  function poolFor(warehouse: string): Promise<SnowflakePoolLike> {
    let p = pools.get(warehouse);
    if (!p) {
      const options = snowflakeConnectionOptions(o, warehouse);
      p = (async () => {
        // Loaded lazily: the driver is large and Node-only.
        const sdk: SnowflakeSdkLike =
          o.sdk ?? ((await import('snowflake-sdk')) as unknown as { default: SnowflakeSdkLike }).default;
        // The driver logs every connection at INFO to stdout; the API logs its own errors.
        sdk.configure?.({ logLevel: o.driverLogLevel ?? 'ERROR' });
        return sdk.createPool(options, {
          min: o.pool?.min ?? 0,
          max: o.pool?.max ?? 8,
          // Waiting for a free connection counts against the same budget as the statement.
          acquireTimeoutMillis: timeout * 1000 + grace,
        });
      })();
      pools.set(warehouse, p);
    }
    return p;
  }

  async function execute(
    q: CompiledQuery,
    opts: { scope: { tenantId: string; warehouseLocation: string }; signal?: AbortSignal },
  ): Promise<Record<string, unknown>[]> {
    const { scope, signal } = opts;
    if (q.location !== scope.warehouseLocation || !WAREHOUSE_LOCATION_PATTERN.test(scope.warehouseLocation)) {
      throw new MiqError('internal', { internal: { reason: 'query location does not match the scope' } });
    }
    if (closed) throw new MiqError('warehouse_unavailable', { internal: 'warehouse closed' });
    if (signal?.aborted) throw new MiqError('client_closed');
    const warehouse = o.warehouseFor?.(scope.tenantId) ?? o.warehouse;
    const pool = await poolFor(warehouse);
    for (let attempt = 1; ; attempt++) {
      try {
        return await pool.use((connection) => runOnce(connection, q, scope.tenantId, signal));
      } catch (err) {
        if (err instanceof MiqError) throw err;
        if (signal?.aborted) throw new MiqError('client_closed', { internal: String(err) });
        if (isTimeoutSnowflakeError(err)) throw new MiqError('query_timeout', { internal: String(err) });
        if (!isTransientSnowflakeError(err) || attempt >= attempts) {
          throw new MiqError('warehouse_unavailable', {
            internal: { sql: q.sql, warehouse, attempt, error: String(err), code: (err as ErrorLike)?.code },
          });
        }
        await sleep(baseDelay * 2 ** (attempt - 1), signal);
        if (signal?.aborted) throw new MiqError('client_closed', { internal: String(err) });
      }
    }
  }

  function runOnce(
    connection: SnowflakeConnectionLike,
    q: CompiledQuery,
    tenantId: string,
    signal: AbortSignal | undefined,
  ): Promise<Record<string, unknown>[]> {
    return new Promise<Record<string, unknown>[]>((resolve, reject) => {
      let settled = false;
      let deadline: ReturnType<typeof setTimeout> | undefined;
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const stmt = connection.execute({
        sqlText: q.sql,
        binds: [...q.parameters],
        parameters: statementParameters(tenantId, timeout),
        complete: (err, statement, rows) => {
          if (err) finish(() => reject(err));
          else
            finish(() => {
              try {
                resolve(mapRows(rows ?? [], statement?.getColumns?.()));
              } catch (e) {
                reject(new MiqError('internal', { internal: { reason: 'row mapping failed', error: String(e) } }));
              }
            });
        },
      });
      const cancel = (): void => {
        try {
          stmt.cancel(() => undefined);
        } catch {
          // cancelling a statement that already finished is not an error
        }
      };
      const onAbort = (): void => {
        cancel();
        finish(() => reject(new MiqError('client_closed')));
      };
      // Snowflake stops the statement at STATEMENT_TIMEOUT_IN_SECONDS; if no answer comes (network), stop waiting.
      if (settled) return; // answered synchronously
      deadline = setTimeout(
        () => {
          cancel();
          finish(() => reject(new MiqError('query_timeout', { internal: 'no answer within the client deadline' })));
        },
        timeout * 1000 + grace,
      );
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  async function close(): Promise<void> {
    closed = true;
    const all = [...pools.values()];
    pools.clear();
    for (const p of all) {
      const pool = await p;
      await pool.drain();
      await pool.clear();
    }
  }

  return { dialect: 'snowflake', execute, close };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Driver values → the warehouse contract's JSON-ready values (see the type mapping above). */
export function mapRows(
  rows: readonly Record<string, unknown>[],
  columns: readonly SnowflakeColumnLike[] | undefined,
): Record<string, unknown>[] {
  const types = new Map<string, string>();
  for (const c of columns ?? []) types.set(c.getName(), c.getType().toLowerCase());
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[k.toLowerCase()] = mapValue(v, types.get(k));
    return out;
  });
}

export function mapValue(v: unknown, type: string | undefined): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null;
    return type === 'date' ? v.toISOString().slice(0, 10) : v.toISOString();
  }
  if (type === 'fixed' && typeof v === 'object') {
    // The driver's arbitrary-precision integer (jsTreatIntegerAsBigInt): exact text → bigint.
    const b = BigInt(String(v));
    return Number.isSafeInteger(Number(b)) ? Number(b) : b;
  }
  if (type === 'fixed' && typeof v === 'string') {
    const n = Number(v);
    return Number.isSafeInteger(n) || !/^-?\d+$/.test(v) ? n : BigInt(v);
  }
  return v;
}
