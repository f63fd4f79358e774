import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Partners, tenants, embed keys, and the tables issue 6 (tenancy administration) builds on.
 * Written with Kysely's schema builder so the same migration runs on PostgreSQL and PGlite.
 */
export const initial: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current table types
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('partners')
      .addColumn('id', 'text', (c) => c.primaryKey().check(sql`id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'`))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'suspended')`))
      .addColumn('max_token_lifetime_seconds', 'integer', (c) =>
        c.check(sql`max_token_lifetime_seconds between 60 and 86400`),
      )
      .addColumn('jwks_url', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await db.schema
      .createTable('tenants')
      .addColumn('id', 'text', (c) => c.primaryKey().check(sql`id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'`))
      .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('warehouse_location', 'text', (c) =>
        c.notNull().unique().check(sql`warehouse_location ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$'`),
      )
      .addColumn('reporting_currency', 'text', (c) => c.notNull().check(sql`reporting_currency ~ '^[A-Z]{3}$'`))
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'suspended')`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.createIndex('tenants_partner_id_idx').on('tenants').column('partner_id').execute();

    await db.schema
      .createTable('embed_keys')
      .addColumn('kid', 'text', (c) => c.primaryKey().check(sql`length(kid) between 1 and 128`))
      .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
      .addColumn('alg', 'text', (c) => c.notNull().check(sql`alg in ('EdDSA', 'ES256', 'RS256', 'HS256')`))
      .addColumn('public_jwk', 'text')
      .addColumn('secret_ciphertext', 'text')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'revoked')`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('revoked_at', 'timestamptz')
      // An HMAC key has an encrypted secret and no public key; an asymmetric key the reverse.
      .addCheckConstraint(
        'embed_keys_material',
        sql`(alg = 'HS256' and secret_ciphertext is not null and public_jwk is null)
          or (alg <> 'HS256' and public_jwk is not null and secret_ciphertext is null)`,
      )
      .execute();
    await db.schema.createIndex('embed_keys_partner_id_idx').on('embed_keys').column('partner_id').execute();

    await db.schema
      .createTable('partner_api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('key_hash', 'text', (c) => c.notNull().unique())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'revoked')`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('last_used_at', 'timestamptz')
      .addColumn('revoked_at', 'timestamptz')
      .execute();

    await db.schema
      .createTable('partner_origins')
      .addColumn('partner_id', 'text', (c) => c.notNull().references('partners.id'))
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('partner_origins_pk', ['partner_id', 'origin'])
      .execute();

    await db.schema
      .createTable('tenant_connectors')
      .addColumn('external_id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('connector', 'group')`))
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('at', 'timestamptz', (c) => c.notNull())
      .addColumn('partner_id', 'text')
      .addColumn('tenant_id', 'text')
      .addColumn('actor_kind', 'text', (c) => c.notNull())
      .addColumn('subject', 'text')
      .addColumn('jti', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('route', 'text')
      .addColumn('dashboard', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('audit_log_partner_at_idx').on('audit_log').columns(['partner_id', 'at']).execute();
  },

  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    for (const table of [
      'audit_log',
      'tenant_connectors',
      'partner_origins',
      'partner_api_keys',
      'embed_keys',
      'tenants',
      'partners',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
