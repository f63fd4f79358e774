import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Audit roll-up (issue 7): identical token uses that arrive within one write of the audit writer (same partner,
 * tenant, subject, `jti`, route, dashboard and outcome; at most a second apart by default) are one row with `uses`
 * (how many) and `last_at` (the last of them; `at` is the first). Admin actions stay one row each (`uses` = 1).
 */
export const auditRollup: Migration = {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current table types
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .alterTable('audit_log')
      .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(1).check(sql`uses >= 1`))
      .execute();
    await db.schema.alterTable('audit_log').addColumn('last_at', 'timestamptz').execute();
  },
  // biome-ignore lint/suspicious/noExplicitAny: see up()
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('audit_log').dropColumn('last_at').execute();
    await db.schema.alterTable('audit_log').dropColumn('uses').execute();
  },
};
