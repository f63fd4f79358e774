/**
 * The app database over HTTP, for runtimes without TCP sockets (Cloudflare Workers): a Kysely PostgreSQL dialect whose
 * driver sends each compiled statement as `POST <url>` `{ query, params }` and reads `{ rows, rowCount }` — the
 * SQL-over-HTTP protocol of Neon's serverless endpoint (header `Neon-Connection-String`). Interactive transactions
 * are not available over this protocol: `db.transaction()` fails with a clear error (one admin operation — key
 * rotation — uses one; run the admin API from the Node entry).
 *
 * @example
 * const db = createHttpAppDb({ url: 'https://ep-x.neon.tech/sql', connectionString: env.DATABASE_URL });
 */
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely';
import type { AppDatabase } from '../schema.js';

export interface HttpAppDbOptions {
  /** The SQL-over-HTTP endpoint, e.g. `https://<endpoint>.neon.tech/sql`. */
  readonly url: string;
  /** Sent as `Neon-Connection-String` (credentials stay in a Workers secret). */
  readonly connectionString: string;
  readonly fetch?: typeof fetch;
}

class HttpConnection implements DatabaseConnection {
  constructor(private readonly o: HttpAppDbOptions) {}

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const res = await (this.o.fetch ?? fetch)(this.o.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'neon-connection-string': this.o.connectionString,
        'neon-raw-text-output': 'false',
        'neon-array-mode': 'false',
      },
      body: JSON.stringify({
        query: q.sql,
        params: q.parameters.map((p) =>
          p instanceof Date ? p.toISOString() : typeof p === 'bigint' ? p.toString() : p,
        ),
      }),
    });
    const body = (await res.json().catch(() => ({}))) as { rows?: R[]; rowCount?: number; message?: string };
    if (!res.ok) throw new Error(`app database over HTTP: ${res.status} ${body.message ?? ''}`.trim());
    const rows = body.rows ?? [];
    return {
      rows,
      ...(body.rowCount === undefined || body.rowCount === null ? {} : { numAffectedRows: BigInt(body.rowCount) }),
    };
  }

  // biome-ignore lint/correctness/useYield: streaming is not offered over this protocol
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('app database over HTTP: streaming is not supported');
  }
}

class HttpDriver implements Driver {
  readonly #connection: HttpConnection;
  constructor(o: HttpAppDbOptions) {
    this.#connection = new HttpConnection(o);
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection;
  }
  async beginTransaction(): Promise<void> {
    throw new Error('app database over HTTP: interactive transactions are not supported');
  }
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

export function createHttpAppDb(o: HttpAppDbOptions): Kysely<AppDatabase> {
  if (!/^https:\/\//.test(o.url)) throw new Error('app database over HTTP: the url must be https://');
  return new Kysely<AppDatabase>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new HttpDriver(o),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}
