import { sql } from 'kysely';
import type { AppDb } from './app-db.js';
import { createPgliteAppDb } from './pglite/index.js';
import { createPostgresAppDb } from './postgres/index.js';

/** The app-database variants every shared suite (`*.case.test.ts`) runs against. */
export const APP_DB_KINDS = ['pglite', 'postgres'] as const;
export type AppDbKind = (typeof APP_DB_KINDS)[number];

/** The PostgreSQL server `make test` starts; a missing URL fails the suite (it is never skipped). */
export function testPostgresUrl(): string {
  const url = process.env.MIQ_TEST_PG_URL;
  if (url === undefined || url === '') {
    throw new Error(
      'MIQ_TEST_PG_URL is not set. Run `make test`, or start the services with `scripts/services.sh start` and ' +
        '`set -a; . .miq/services.env; set +a` before `npm test -w @miq/embed-api`.',
    );
  }
  return url;
}

/**
 * A fresh, empty app database for one test file: an in-memory PGlite, or a new PostgreSQL database with a unique
 * name (so test files run in parallel) that `close()` drops.
 *
 * @example
 * const appDb = await openTestAppDb('postgres');
 * afterAll(() => appDb.close());
 */
export async function openTestAppDb(kind: AppDbKind): Promise<AppDb> {
  if (kind === 'pglite') return createPgliteAppDb();
  const adminUrl = testPostgresUrl();
  const name = `miq_test_${Date.now().toString(36)}_${crypto.randomUUID().replaceAll('-', '').slice(0, 10)}`;
  const admin = createPostgresAppDb({ connectionString: adminUrl, maxConnections: 1 });
  await sql`create database ${sql.id(name)}`.execute(admin.db);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const appDb = createPostgresAppDb({ connectionString: url.toString(), maxConnections: 4 });
  return {
    kind: 'postgres',
    db: appDb.db,
    close: async () => {
      await appDb.close();
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin.db);
      await admin.close();
    },
  };
}
