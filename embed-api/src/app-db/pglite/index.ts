import { Kysely } from 'kysely';
import { KyselyPGlite } from 'kysely-pglite';
import type { AppDb } from '../app-db.js';
import type { AppDatabase } from '../schema.js';
import { SerializedDialect } from './serialized-dialect.js';

/**
 * The embedded app database: PGlite (PostgreSQL compiled to WASM) in memory or persisted to a directory.
 * Creating an instance takes ~2 s; reuse one per process (and per test file).
 *
 * @example
 * const appDb = await createPgliteAppDb({ dataDir: '.miq/pglite-demo' });
 * await migrateAppDb(appDb.db);
 */
export async function createPgliteAppDb(options: { readonly dataDir?: string } = {}): Promise<AppDb> {
  const pglite =
    options.dataDir === undefined ? await KyselyPGlite.create() : await KyselyPGlite.create(options.dataDir);
  const db = new Kysely<AppDatabase>({ dialect: new SerializedDialect(pglite.dialect) });
  return { kind: 'pglite', db, close: () => db.destroy() };
}
