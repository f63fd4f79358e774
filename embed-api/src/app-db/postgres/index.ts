import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { AppDb } from '../app-db.js';
import type { AppDatabase } from '../schema.js';

/**
 * The production app database: PostgreSQL through a `pg` pool.
 *
 * @example
 * const appDb = createPostgresAppDb({ connectionString: process.env.DATABASE_URL! });
 */
export function createPostgresAppDb(options: {
  readonly connectionString: string;
  readonly maxConnections?: number;
  readonly applicationName?: string;
  readonly onIdleError?: (error: Error) => void;
}): AppDb {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? 'miq-embed-api',
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client whose server connection drops (restart, failover) must not crash the process; the pool
  // replaces it on next use.
  pool.on('error', (error) => options.onIdleError?.(error));
  const db = new Kysely<AppDatabase>({ dialect: new PostgresDialect({ pool }) });
  return { kind: 'postgres', db, close: () => db.destroy() };
}
