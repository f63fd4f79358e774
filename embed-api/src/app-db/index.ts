/**
 * The app database: partners, tenants, embed keys (and the tables tenancy administration builds on), on PGlite
 * (embedded default) or PostgreSQL, migrated with Kysely's Migrator from migrations kept as code.
 *
 * @example
 * const appDb = await createPgliteAppDb();
 * await migrateAppDb(appDb.db);
 * const tenant = await findTenant(appDb.db, 'rare-seeds');
 */
export type { AppDb } from './app-db.js';
export type { EmbedKeyWithPartner } from './embed-keys.js';
export { findEmbedKey, insertEmbedKey, listEmbedKeys, revokeEmbedKey } from './embed-keys.js';
export { migrateAppDb } from './migrate.js';
export { APP_DB_MIGRATIONS } from './migrations/index.js';
export { findPartner, upsertPartner } from './partners.js';
export { createPgliteAppDb } from './pglite/index.js';
export { createPostgresAppDb } from './postgres/index.js';
export * from './schema.js';
export { findTenant, listTenants, upsertTenant } from './tenants.js';
