import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { APP_DB_MIGRATIONS } from './migrations/index.js';
import type { AppDatabase } from './schema.js';

/**
 * Brings the app database to the latest schema. Throws (with the failing migration's name) if any step fails.
 *
 * @example
 * await migrateAppDb(db);
 */
export async function migrateAppDb(db: Kysely<AppDatabase>): Promise<readonly string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...APP_DB_MIGRATIONS }) },
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  const failed = result.results?.find((r) => r.status === 'Error');
  if (result.error !== undefined || failed !== undefined) {
    throw new Error(`app-db migration ${failed?.migrationName ?? '(setup)'} failed`, { cause: result.error });
  }
  return (result.results ?? []).map((r) => r.migrationName);
}
