/**
 * Snowflake over its SQL REST API (`POST /api/v2/statements`) with key-pair JWT auth, using only `fetch` and WebCrypto
 * (through jose): the warehouse of the Cloudflare Workers entry, where the Node driver cannot run. Same contract as the
 * Node adapter: location checked against the scope, values bound (`?` → `bindings`), QUERY_TAG naming the tenant,
 * statement timeout, cancel on abort, rows keyed by lower-case column name, NUMBER(p,0) exact (bigint beyond 2^53).
 *
 * @example
 * const warehouse = createSnowflakeHttpWarehouse({ account: 'XY12345', user: 'MIQ_API', privateKeyPem, warehouse: 'MIQ_WH' });
 */
import { exportSPKI, importPKCS8, SignJWT } from 'jose';
import { MiqError } from '../../errors/index.js';
import { WAREHOUSE_LOCATION_PATTERN } from '../../semantic/scope.js';
import type { CompiledQuery, Warehouse } from '../types.js';

export interface SnowflakeHttpOptions {
  /** Account identifier (`ORG-ACCOUNT` or locator). */
  readonly account: string;
  readonly user: string;
  /** Unencrypted PKCS#8 PEM (Workers secret). */
  readonly privateKeyPem: string;
  readonly warehouse: string;
  readonly role?: string;
  /** Default `https://<account>.snowflakecomputing.com`. */
  readonly baseUrl?: string;
  readonly statementTimeoutSeconds?: number;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

interface RowType {
  readonly name: string;
  readonly type: string;
  readonly scale?: number;
}
interface StatementResponse {
  readonly statementHandle?: string;
  readonly message?: string;
  readonly code?: string;
  readonly resultSetMetaData?: { readonly rowType: RowType[]; readonly partitionInfo?: unknown[] };
  readonly data?: (string | null)[][];
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]{0,254}$/;

/** A bound value as the SQL API wants it: a type and the value as text. */
export function toBinding(v: unknown): { type: string; value: string | null } {
  if (v === null || v === undefined) return { type: 'TEXT', value: null };
  if (typeof v === 'boolean') return { type: 'BOOLEAN', value: String(v) };
  if (typeof v === 'bigint') return { type: 'FIXED', value: v.toString() };
  if (typeof v === 'number') return { type: Number.isInteger(v) ? 'FIXED' : 'REAL', value: String(v) };
  return { type: 'TEXT', value: String(v) };
}

/** SQL API text values → the warehouse contract (dates ISO, integers exact, booleans, numbers). */
export function fromSqlApi(text: string | null, col: RowType): unknown {
  if (text === null) return null;
  switch (col.type.toLowerCase()) {
    case 'fixed': {
      if ((col.scale ?? 0) > 0) return Number(text);
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : BigInt(text);
    }
    case 'real':
      return Number(text);
    case 'boolean':
      return text === 'true' || text === '1';
    case 'date':
      // Days since the epoch.
      return new Date(Number(text) * 86_400_000).toISOString().slice(0, 10);
    case 'timestamp_ntz':
    case 'timestamp_ltz':
    case 'timestamp_tz': {
      const seconds = Number(text.split(' ')[0]);
      return new Date(Math.round(seconds * 1000)).toISOString();
    }
    default:
      return text;
  }
}

export function createSnowflakeHttpWarehouse(o: SnowflakeHttpOptions): Warehouse {
  for (const [k, v] of [
    ['warehouse', o.warehouse],
    ['role', o.role],
  ] as const) {
    if (v !== undefined && !IDENT.test(v)) throw new Error(`Snowflake HTTP warehouse: invalid ${k}`);
  }
  if (!o.account || !o.user || !/-----BEGIN PRIVATE KEY-----/.test(o.privateKeyPem)) {
    throw new Error('Snowflake HTTP warehouse: account, user and an unencrypted PKCS#8 PEM private key are required');
  }
  const doFetch = o.fetch ?? fetch;
  const now = o.now ?? Date.now;
  const base = o.baseUrl ?? `https://${o.account.toLowerCase()}.snowflakecomputing.com`;
  const timeout = o.statementTimeoutSeconds ?? 60;
  const accountId = o.account.toUpperCase().split('.')[0] as string;
  const userId = o.user.toUpperCase();
  let token: { value: string; expires: number } | undefined;
  let fingerprint: Promise<{ key: CryptoKey; fp: string }> | undefined;

  async function keyAndFingerprint() {
    fingerprint ??= (async () => {
      const key = (await importPKCS8(o.privateKeyPem, 'RS256', { extractable: true })) as CryptoKey;
      const jwk = await crypto.subtle.exportKey('jwk', key);
      const pub = await crypto.subtle.importKey(
        'jwk',
        { kty: 'RSA', n: jwk.n, e: jwk.e, alg: 'RS256', ext: true },
        { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
        true,
        ['verify'],
      );
      const pem = await exportSPKI(pub);
      const der = Uint8Array.from(atob(pem.replace(/-----[^-]+-----|\s/g, '')), (ch) => ch.charCodeAt(0));
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', der));
      return { key, fp: btoa(String.fromCharCode(...digest)) };
    })();
    return fingerprint;
  }

  async function jwt(): Promise<string> {
    const t = now();
    if (token && token.expires - 60_000 > t) return token.value;
    const { key, fp } = await keyAndFingerprint();
    const iat = Math.floor(t / 1000);
    const value = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(`${accountId}.${userId}.SHA256:${fp}`)
      .setSubject(`${accountId}.${userId}`)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 3600)
      .sign(key);
    token = { value, expires: (iat + 3600) * 1000 };
    return value;
  }

  async function call(
    path: string,
    init: RequestInit,
    signal?: AbortSignal,
  ): Promise<StatementResponse & { status: number }> {
    const res = await doFetch(`${base}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${await jwt()}`,
        'x-snowflake-authorization-token-type': 'KEYPAIR_JWT',
        'content-type': 'application/json',
        accept: 'application/json',
        'user-agent': 'marketing-iq-embed-api-workers',
      },
      ...(signal ? { signal } : {}),
    });
    const body = (await res.json().catch(() => ({}))) as StatementResponse;
    return { ...body, status: res.status };
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
    const bindings: Record<string, { type: string; value: string | null }> = {};
    q.parameters.forEach((p, i) => {
      bindings[String(i + 1)] = toBinding(p);
    });
    let handle: string | undefined;
    const cancel = () => {
      if (handle) void call(`/api/v2/statements/${handle}/cancel`, { method: 'POST', body: '{}' }).catch(() => {});
    };
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      let r = await call(
        '/api/v2/statements?async=false',
        {
          method: 'POST',
          body: JSON.stringify({
            statement: q.sql,
            timeout,
            warehouse: o.warehouse,
            ...(o.role ? { role: o.role } : {}),
            bindings,
            parameters: {
              query_tag: JSON.stringify({ app: 'marketing-iq', tenant: scope.tenantId }),
              week_start: '1',
              timezone: 'UTC',
            },
          }),
        },
        signal,
      );
      handle = r.statementHandle;
      const deadline = now() + (timeout + 10) * 1000;
      while (r.status === 202 && handle) {
        if (now() > deadline) throw new MiqError('query_timeout');
        await new Promise((res) => setTimeout(res, 250));
        r = await call(`/api/v2/statements/${handle}`, { method: 'GET' }, signal);
      }
      if (r.status === 408 || r.code === '000630') throw new MiqError('query_timeout', { internal: r.message });
      if (r.status !== 200 || !r.resultSetMetaData) {
        throw new MiqError('warehouse_unavailable', {
          internal: { status: r.status, code: r.code, message: r.message, sql: q.sql },
        });
      }
      const cols = r.resultSetMetaData.rowType;
      const data = [...(r.data ?? [])];
      const partitions = r.resultSetMetaData.partitionInfo?.length ?? 1;
      for (let p = 1; p < partitions; p++) {
        const more = await call(`/api/v2/statements/${handle}?partition=${p}`, { method: 'GET' }, signal);
        data.push(...(more.data ?? []));
      }
      return data.map((row) => {
        const out: Record<string, unknown> = {};
        cols.forEach((c, i) => {
          out[c.name.toLowerCase()] = fromSqlApi(row[i] ?? null, c);
        });
        return out;
      });
    } catch (err) {
      if (err instanceof MiqError) throw err;
      if (signal?.aborted) throw new MiqError('client_closed', { internal: String(err) });
      throw new MiqError('warehouse_unavailable', { internal: String(err) });
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }

  return { dialect: 'snowflake', execute, close: async () => {} };
}
