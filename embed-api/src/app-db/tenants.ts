import type { Kysely } from 'kysely';
import type { AppDatabase, NewTenant, Tenant } from './schema.js';

/**
 * Creates the tenant or updates its display settings. The warehouse location and owning partner are set on creation
 * (by the operator) and are never changed by an upsert: a conflicting tenant with another partner or location throws.
 *
 * @example
 * await upsertTenant(db, { id: 'rare-seeds', partner_id: 'demo-partner', name: 'Rare Seeds',
 *   warehouse_location: 'rare-seeds', reporting_currency: 'USD', time_zone: 'America/Chicago' });
 */
export async function upsertTenant(db: Kysely<AppDatabase>, tenant: NewTenant): Promise<Tenant> {
  const existing = await findTenant(db, tenant.id);
  if (existing !== undefined) {
    if (existing.partner_id !== tenant.partner_id || existing.warehouse_location !== tenant.warehouse_location) {
      throw new Error(`tenant ${tenant.id} already exists with another partner or warehouse location`);
    }
    return db
      .updateTable('tenants')
      .set({
        name: tenant.name,
        reporting_currency: tenant.reporting_currency,
        time_zone: tenant.time_zone,
        updated_at: new Date(),
      })
      .where('id', '=', tenant.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  return db.insertInto('tenants').values(tenant).returningAll().executeTakeFirstOrThrow();
}

export async function findTenant(db: Kysely<AppDatabase>, id: string): Promise<Tenant | undefined> {
  return db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listTenants(db: Kysely<AppDatabase>, partnerId: string): Promise<Tenant[]> {
  return db.selectFrom('tenants').selectAll().where('partner_id', '=', partnerId).orderBy('id').execute();
}
