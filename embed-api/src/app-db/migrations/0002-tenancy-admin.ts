import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Tenancy administration (issue 6): which connected accounts a tenant's dashboards show (a display setting partners
 * may change), the key a rotated embed key replaced, and a lookup index for the audit log by tenant.
 */
export const tenancyAdmin: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current table types
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('tenants').addColumn('shown_accounts', 'text').execute();
    await db.schema
      .alterTable('embed_keys')
      .addColumn('replaces_kid', 'text', (c) => c.check(sql`length(replaces_kid) between 1 and 128`))
      .execute();
    await db.schema
      .createIndex('partner_api_keys_partner_id_idx')
      .on('partner_api_keys')
      .column('partner_id')
      .execute();
  },
  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('partner_api_keys_partner_id_idx').execute();
    await db.schema.alterTable('embed_keys').dropColumn('replaces_kid').execute();
    await db.schema.alterTable('tenants').dropColumn('shown_accounts').execute();
  },
};
