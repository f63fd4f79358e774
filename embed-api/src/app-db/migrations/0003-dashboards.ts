import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Dashboards (issue 10): a partner's per-tenant customisation of a dashboard (hidden, re-ordered, renamed and added
 * panels, default filters; one JSON document per tenant and dashboard) and end users' saved views (per tenant,
 * subject and dashboard).
 */
export const dashboards: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current table types
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('dashboard_customisations')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('dashboard_id', 'text', (c) => c.notNull().check(sql`dashboard_id ~ '^[a-z0-9][a-z0-9-]{0,63}$'`))
      .addColumn('body', 'text', (c) => c.notNull().check(sql`length(body) <= 200000`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('dashboard_customisations_pk', ['tenant_id', 'dashboard_id'])
      .execute();
    await db.schema
      .createTable('dashboard_views')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('subject', 'text', (c) => c.notNull().check(sql`length(subject) between 1 and 256`))
      .addColumn('dashboard_id', 'text', (c) => c.notNull().check(sql`dashboard_id ~ '^[a-z0-9][a-z0-9-]{0,63}$'`))
      .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 120`))
      .addColumn('state', 'text', (c) => c.notNull().check(sql`length(state) <= 16000`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema
      .createIndex('dashboard_views_owner_idx')
      .on('dashboard_views')
      .columns(['tenant_id', 'subject', 'dashboard_id'])
      .execute();
  },
  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('dashboard_views').execute();
    await db.schema.dropTable('dashboard_customisations').execute();
  },
};
