import type { Kysely } from 'kysely';
import type { AppDatabase, NewPartner, Partner } from './schema.js';

/**
 * Creates the partner or updates its name (operator action; the demo seed uses it).
 *
 * @example
 * await upsertPartner(db, { id: 'demo-partner', name: 'Demo partner' });
 */
export async function upsertPartner(db: Kysely<AppDatabase>, partner: NewPartner): Promise<Partner> {
  return db
    .insertInto('partners')
    .values(partner)
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: partner.name, updated_at: new Date() }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findPartner(db: Kysely<AppDatabase>, id: string): Promise<Partner | undefined> {
  return db.selectFrom('partners').selectAll().where('id', '=', id).executeTakeFirst();
}
