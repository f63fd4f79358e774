/**
 * Customisations (per tenant and dashboard) and saved views (per tenant, end user `sub` and dashboard) in the app
 * database (migration `0003-dashboards`). Every read and write is keyed by the tenant (and subject) the caller
 * proved, never by ids from the request alone.
 */
import type { Kysely } from 'kysely';
import type { Customisation } from './schema.js';

interface DashboardTables {
  dashboard_customisations: { tenant_id: string; dashboard_id: string; body: string; updated_at?: Date };
  dashboard_views: {
    id: string;
    tenant_id: string;
    subject: string;
    dashboard_id: string;
    name: string;
    state: string;
    created_at?: Date;
  };
}

export interface SavedView {
  readonly id: string;
  readonly name: string;
  readonly state: Record<string, unknown>;
  readonly createdAt: string;
}

export const MAX_VIEWS_PER_USER_AND_DASHBOARD = 50;

// biome-ignore lint/suspicious/noExplicitAny: typed below with its own tables (migration 0003)
export function dashboardStore(appDb: Kysely<any>) {
  const db = appDb as unknown as Kysely<DashboardTables>;
  return {
    async getCustomisation(tenantId: string, dashboardId: string): Promise<Customisation | undefined> {
      const row = await db
        .selectFrom('dashboard_customisations')
        .select('body')
        .where('tenant_id', '=', tenantId)
        .where('dashboard_id', '=', dashboardId)
        .executeTakeFirst();
      return row ? (JSON.parse(row.body) as Customisation) : undefined;
    },
    async putCustomisation(tenantId: string, dashboardId: string, body: Customisation): Promise<void> {
      const text = JSON.stringify(body);
      await db
        .insertInto('dashboard_customisations')
        .values({ tenant_id: tenantId, dashboard_id: dashboardId, body: text })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'dashboard_id']).doUpdateSet({ body: text, updated_at: new Date() }),
        )
        .execute();
    },
    async deleteCustomisation(tenantId: string, dashboardId: string): Promise<boolean> {
      const r = await db
        .deleteFrom('dashboard_customisations')
        .where('tenant_id', '=', tenantId)
        .where('dashboard_id', '=', dashboardId)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async listViews(tenantId: string, subject: string, dashboardId: string): Promise<SavedView[]> {
      const rows = await db
        .selectFrom('dashboard_views')
        .select(['id', 'name', 'state', 'created_at'])
        .where('tenant_id', '=', tenantId)
        .where('subject', '=', subject)
        .where('dashboard_id', '=', dashboardId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        state: JSON.parse(r.state) as Record<string, unknown>,
        createdAt: new Date(r.created_at!).toISOString(),
      }));
    },
    async countViews(tenantId: string, subject: string, dashboardId: string): Promise<number> {
      const r = await db
        .selectFrom('dashboard_views')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('tenant_id', '=', tenantId)
        .where('subject', '=', subject)
        .where('dashboard_id', '=', dashboardId)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },
    async addView(
      tenantId: string,
      subject: string,
      dashboardId: string,
      view: { name: string; state: Record<string, unknown> },
    ): Promise<SavedView> {
      const id = `view_${crypto.randomUUID().replaceAll('-', '')}`;
      const createdAt = new Date();
      await db
        .insertInto('dashboard_views')
        .values({
          id,
          tenant_id: tenantId,
          subject,
          dashboard_id: dashboardId,
          name: view.name,
          state: JSON.stringify(view.state),
          created_at: createdAt,
        })
        .execute();
      return { id, name: view.name, state: view.state, createdAt: createdAt.toISOString() };
    },
    /** Deletes only the caller's own view: another user's or tenant's id deletes nothing (false → 404). */
    async deleteView(tenantId: string, subject: string, dashboardId: string, id: string): Promise<boolean> {
      const r = await db
        .deleteFrom('dashboard_views')
        .where('id', '=', id)
        .where('tenant_id', '=', tenantId)
        .where('subject', '=', subject)
        .where('dashboard_id', '=', dashboardId)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
  };
}
export type DashboardStore = ReturnType<typeof dashboardStore>;
