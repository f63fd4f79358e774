/**
 * A FAKE of Snowflake's HTTP API (tests only): the endpoints `snowflake-sdk` uses for key-pair login, statements and
 * cancellation, answering with JSON rowsets (`queryResultFormat: 'json'`) the way Snowflake encodes them (NUMBER as
 * decimal text, DATE as days since the epoch, TIMESTAMP_* as epoch seconds with a scale, TIMESTAMP_TZ with its offset
 * index). It runs no SQL: each test says what a statement returns, fails with, or whether it hangs until cancelled.
 *
 * @example
 * const fake = await startFakeSnowflake({ publicKeyPem, reply: () => ({ result: { columns, rows } }) });
 * const warehouse = createSnowflakeWarehouse({ ..., accessUrl: fake.url });
 */
import { createPublicKey, createVerify } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export type FakeColumnType =
  | 'fixed'
  | 'real'
  | 'text'
  | 'boolean'
  | 'date'
  | 'timestamp_ntz'
  | 'timestamp_ltz'
  | 'timestamp_tz';

export interface FakeColumn {
  readonly name: string;
  readonly type: FakeColumnType;
  readonly scale?: number;
  readonly precision?: number;
}

/** Raw rowset cells exactly as Snowflake's JSON result format carries them (strings or null). */
export interface FakeResult {
  readonly columns: readonly FakeColumn[];
  readonly rows: readonly (readonly (string | null)[])[];
}

export type FakeReply =
  | { readonly result: FakeResult; readonly delayMs?: number }
  | { readonly error: { readonly code: string; readonly message: string; readonly sqlState?: string } }
  | { readonly httpStatus: number }
  /** Never answers until the statement is cancelled (abort-request), then fails with 000604 like Snowflake. */
  | { readonly hang: true };

export interface ReceivedStatement {
  readonly requestId: string;
  readonly sqlText: string;
  readonly bindings: Record<string, { type: string; value: unknown }> | undefined;
  readonly parameters: Record<string, unknown> | undefined;
  readonly sessionToken: string;
  /** 1 for the first attempt with this requestId, 2 for the driver's first retry, ... */
  readonly attempt: number;
}

export interface ReceivedLogin {
  readonly account: string;
  readonly user: string;
  readonly authenticator: string;
  readonly warehouse: string | null;
  readonly role: string | null;
  readonly jwtVerified: boolean;
  readonly sessionParameters: Record<string, unknown>;
}

export interface FakeSnowflake {
  readonly url: string;
  readonly logins: ReceivedLogin[];
  readonly statements: ReceivedStatement[];
  readonly aborts: string[];
  /** Statements being answered right now (for pool-size checks) and the most at once. */
  readonly concurrency: { now: number; max: number };
  close(): Promise<void>;
}

export async function startFakeSnowflake(o: {
  /** PEM public key: login JWTs are verified with it (RS256), a bad signature is refused like Snowflake (390144). */
  readonly publicKeyPem?: string;
  readonly reply: (s: ReceivedStatement) => FakeReply | Promise<FakeReply>;
}): Promise<FakeSnowflake> {
  const logins: ReceivedLogin[] = [];
  const statements: ReceivedStatement[] = [];
  const aborts: string[] = [];
  const concurrency = { now: 0, max: 0 };
  const attempts = new Map<string, number>();
  const hanging = new Map<string, () => void>();
  /** Session token -> the session parameters sent at login (Snowflake echoes them with every result). */
  const tokens = new Map<string, Record<string, unknown>>();
  let sessions = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, { success: false, message: String(e) }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readJson(req);
    if (url.pathname === '/session/v1/login-request') return login(url, body, res);
    const auth = String(req.headers.authorization ?? '');
    const token = /Snowflake Token="([^"]+)"/.exec(auth)?.[1];
    if (!token || !tokens.has(token)) {
      return send(res, 200, { success: false, code: '390104', message: 'Session no longer exists (fake).' });
    }
    if (url.pathname === '/queries/v1/query-request') return query(url, body, token, res);
    if (url.pathname === '/queries/v1/abort-request' || /^\/queries\/[^/]+\/abort-request$/.test(url.pathname)) {
      const requestId = String((body as { requestId?: unknown }).requestId ?? url.pathname.split('/')[2]);
      aborts.push(requestId);
      hanging.get(requestId)?.();
      return send(res, 200, { success: true, data: null, code: null, message: null });
    }
    if (url.pathname === '/session' && url.searchParams.get('delete') === 'true') {
      tokens.delete(token);
      return send(res, 200, { success: true, data: null });
    }
    if (url.pathname === '/session/heartbeat' || url.pathname === '/telemetry/send') {
      return send(res, 200, { success: true, data: null });
    }
    return send(res, 404, { success: false, message: `fake: no route ${url.pathname}` });
  }

  function login(url: URL, body: unknown, res: ServerResponse): void {
    const data = (body as { data?: Record<string, unknown> }).data ?? {};
    const jwt = String(data.TOKEN ?? '');
    const verified = o.publicKeyPem ? verifyJwt(jwt, o.publicKeyPem) : false;
    logins.push({
      account: String(data.ACCOUNT_NAME ?? ''),
      user: String(data.LOGIN_NAME ?? ''),
      authenticator: String(data.AUTHENTICATOR ?? ''),
      warehouse: url.searchParams.get('warehouse'),
      role: url.searchParams.get('roleName'),
      jwtVerified: verified,
      sessionParameters: (data.SESSION_PARAMETERS as Record<string, unknown>) ?? {},
    });
    if (o.publicKeyPem && !verified) {
      send(res, 200, { success: false, code: '390144', message: 'JWT token is invalid. (fake)', data: null });
      return;
    }
    sessions += 1;
    const token = `fake-session-token-${sessions}`;
    tokens.set(token, (data.SESSION_PARAMETERS as Record<string, unknown>) ?? {});
    send(res, 200, {
      success: true,
      code: null,
      message: null,
      data: {
        token,
        masterToken: `fake-master-${sessions}`,
        validityInSeconds: 3600,
        masterValidityInSeconds: 14400,
        sessionId: sessions,
        parameters: [{ name: 'TIMEZONE', value: 'UTC' }],
        sessionInfo: {
          databaseName: null,
          schemaName: null,
          warehouseName: url.searchParams.get('warehouse'),
          roleName: url.searchParams.get('roleName'),
        },
      },
    });
  }

  async function query(url: URL, body: unknown, token: string, res: ServerResponse): Promise<void> {
    const b = body as {
      sqlText?: string;
      bindings?: ReceivedStatement['bindings'];
      parameters?: Record<string, unknown>;
    };
    const requestId = url.searchParams.get('requestId') ?? '';
    const attempt = (attempts.get(requestId) ?? 0) + 1;
    attempts.set(requestId, attempt);
    const s: ReceivedStatement = {
      requestId,
      sqlText: b.sqlText ?? '',
      bindings: b.bindings,
      parameters: b.parameters,
      sessionToken: token,
      attempt,
    };
    statements.push(s);
    concurrency.now += 1;
    concurrency.max = Math.max(concurrency.max, concurrency.now);
    try {
      const r = await o.reply(s);
      if ('httpStatus' in r) return send(res, r.httpStatus, { success: false, message: 'fake HTTP failure' });
      if ('hang' in r) {
        await new Promise<void>((resolve) => {
          hanging.set(requestId, resolve);
          res.on('close', resolve);
        });
        hanging.delete(requestId);
        return send(res, 200, failure('000604', 'SQL execution canceled', '57014'));
      }
      if ('error' in r) return send(res, 200, failure(r.error.code, r.error.message, r.error.sqlState ?? '57014'));
      if (r.delayMs) await new Promise((resolve) => setTimeout(resolve, r.delayMs));
      send(res, 200, {
        success: true,
        code: null,
        message: null,
        data: {
          parameters: [
            { name: 'TIMEZONE', value: 'UTC' },
            ...Object.entries(tokens.get(token) ?? {}).map(([name, value]) => ({ name, value })),
          ],
          rowtype: r.result.columns.map((c) => ({
            name: c.name,
            database: '',
            schema: '',
            table: '',
            type: c.type,
            scale: c.scale ?? (c.type.startsWith('timestamp') ? 9 : 0),
            precision: c.precision ?? (c.type === 'fixed' ? 38 : 0),
            nullable: true,
            byteLength: c.type === 'text' ? 16777216 : null,
            length: c.type === 'text' ? 16777216 : null,
            collation: null,
          })),
          rowset: r.result.rows,
          total: r.result.rows.length,
          returned: r.result.rows.length,
          queryId: `01fake00-0000-0000-0000-${String(statements.length).padStart(12, '0')}`,
          queryResultFormat: 'json',
          statementTypeId: 4096,
          version: 1,
          finalDatabaseName: null,
          finalSchemaName: null,
          finalWarehouseName: null,
          finalRoleName: null,
        },
      });
    } finally {
      concurrency.now -= 1;
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    logins,
    statements,
    aborts,
    concurrency,
    close: () =>
      new Promise<void>((resolve) => {
        for (const wake of hanging.values()) wake();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function failure(code: string, message: string, sqlState: string) {
  return { success: false, code, message, data: { errorCode: code, sqlState, queryId: '01fake00-failed' } };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (chunks.length === 0) return {};
  let buf = Buffer.concat(chunks);
  if (String(req.headers['content-encoding'] ?? '').includes('gzip')) buf = gunzipSync(buf);
  const text = buf.toString('utf8');
  return text ? JSON.parse(text) : {};
}

/** RS256 JWT signature check against the registered public key (what Snowflake does for key-pair auth). */
function verifyJwt(jwt: string, publicKeyPem: string): boolean {
  const [h, p, sig] = jwt.split('.');
  if (!h || !p || !sig) return false;
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg?: string };
  if (header.alg !== 'RS256') return false;
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { exp?: number; sub?: string };
  if (!payload.sub || !payload.exp || payload.exp * 1000 < Date.now()) return false;
  return createVerify('RSA-SHA256')
    .update(`${h}.${p}`)
    .verify(createPublicKey(publicKeyPem), Buffer.from(sig, 'base64url'));
}
