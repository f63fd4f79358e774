import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { parseOrThrow } from '../admin/validate.js';
import type { AppDatabase } from '../app-db/schema.js';
import { type PartnerAdminVariables, requirePartnerApiKey } from '../auth/admin-auth.js';
import { assertDashboardAllowed } from '../auth/dashboards.js';
import { requireTenantToken, type TenantAuthVariables, type TenantTokenVerifier } from '../auth/index.js';
import type { TenantRequestPolicy } from '../auth/tenant-auth.js';
import { type CatalogMembers, type DashboardRegistry, panelProblems } from '../dashboards/registry.js';
import { resolveDashboard } from '../dashboards/resolve.js';
import { CustomisationSchema, SavedViewInputSchema } from '../dashboards/schema.js';
import { type DashboardStore, MAX_VIEWS_PER_USER_AND_DASHBOARD } from '../dashboards/store.js';
import type { DashboardSummary } from '../dashboards/wire.js';
import { MiqError } from '../errors/index.js';
import { type JsonBodyVariables, jsonBody } from './json-body.js';

export interface DashboardRouteDeps {
  readonly registry: DashboardRegistry;
  readonly catalog: CatalogMembers;
  readonly store: DashboardStore;
  readonly appDb: Kysely<AppDatabase>;
  readonly bodyLimitBytes: number;
}

function known(registry: DashboardRegistry, id: string) {
  const doc = registry.get(id);
  if (!doc) {
    throw new MiqError('not_found', {
      details: [{ field: 'dashboard', code: 'unknown_dashboard', message: `No dashboard "${id.slice(0, 64)}".` }],
    });
  }
  return doc;
}

/**
 * Tenant routes: `GET /dashboards` (those the token's `dashboards` claim opens), `GET /dashboards/{id}` (resolved for
 * the token's tenant; 404 unknown id, 403 outside the claim), saved views of the token's end user (`sub`):
 * `GET|POST /dashboards/{id}/views`, `POST /dashboards/{id}/views/{viewId}/delete`.
 */
export function dashboardRoutes(deps: DashboardRouteDeps, verify: TenantTokenVerifier, policy?: TenantRequestPolicy) {
  const { registry, store } = deps;
  const app = new Hono<{ Variables: TenantAuthVariables & JsonBodyVariables }>();
  const auth = requireTenantToken(verify, policy);
  const body = jsonBody({ maxBytes: Math.min(deps.bodyLimitBytes, 32 * 1024) });

  app.get('/dashboards', auth, (c) => {
    const allowed = c.var.auth.claims.dashboards;
    const all = allowed.includes('*');
    return c.json({
      dashboards: registry.documents
        .filter((d) => all || allowed.includes(d.id))
        .map((d): DashboardSummary => ({ id: d.id, title: d.title, description: d.description, kind: d.kind })),
    });
  });
  app.get('/dashboards/:id', auth, async (c) => {
    const doc = known(registry, c.req.param('id'));
    assertDashboardAllowed(c.var.auth.claims.dashboards, doc.id);
    const custom = await store.getCustomisation(c.var.auth.tenant.id, doc.id);
    c.header('Cache-Control', 'private, no-store');
    return c.json(resolveDashboard(doc, custom, c.var.auth.scope, deps.catalog));
  });
  app.get('/dashboards/:id/views', auth, async (c) => {
    const doc = known(registry, c.req.param('id'));
    assertDashboardAllowed(c.var.auth.claims.dashboards, doc.id);
    c.header('Cache-Control', 'private, no-store');
    return c.json({ views: await store.listViews(c.var.auth.tenant.id, c.var.auth.claims.sub, doc.id) });
  });
  app.post('/dashboards/:id/views', auth, body, async (c) => {
    const doc = known(registry, c.req.param('id'));
    assertDashboardAllowed(c.var.auth.claims.dashboards, doc.id);
    const input = parseOrThrow(SavedViewInputSchema, c.var.body);
    const { tenant, claims } = c.var.auth;
    if ((await store.countViews(tenant.id, claims.sub, doc.id)) >= MAX_VIEWS_PER_USER_AND_DASHBOARD) {
      throw new MiqError('conflict', {
        details: [
          {
            field: 'name',
            code: 'too_many_views',
            message: `At most ${MAX_VIEWS_PER_USER_AND_DASHBOARD} views per dashboard.`,
          },
        ],
      });
    }
    return c.json({ view: await store.addView(tenant.id, claims.sub, doc.id, input) }, 201);
  });
  app.post('/dashboards/:id/views/:viewId/delete', auth, async (c) => {
    const doc = known(registry, c.req.param('id'));
    assertDashboardAllowed(c.var.auth.claims.dashboards, doc.id);
    const ok = await store.deleteView(c.var.auth.tenant.id, c.var.auth.claims.sub, doc.id, c.req.param('viewId'));
    if (!ok)
      throw new MiqError('not_found', {
        details: [{ field: 'view', code: 'unknown_view', message: 'No such saved view.' }],
      });
    return c.json({ deleted: true });
  });
  return app;
}

/**
 * Partner admin: `GET|PUT|DELETE /admin/tenants/{tenantId}/dashboards/{id}` — the tenant's customisation of a
 * dashboard (hidden, order, titles, added panels from the catalog, default filters). The tenant must be the partner's
 * own (404 otherwise, like an unknown tenant).
 */
export function dashboardAdminRoutes(deps: DashboardRouteDeps) {
  const { registry, store } = deps;
  const app = new Hono<{ Variables: PartnerAdminVariables & JsonBodyVariables }>();
  const body = jsonBody({ maxBytes: Math.min(deps.bodyLimitBytes, 64 * 1024) });
  app.use('/admin/tenants/:tenantId/dashboards/*', requirePartnerApiKey(deps.appDb));
  app.use('/admin/tenants/:tenantId/dashboards/*', async (c, next) => {
    const tenant = await deps.appDb
      .selectFrom('tenants')
      .select('id')
      .where('id', '=', c.req.param('tenantId') ?? '')
      .where('partner_id', '=', c.var.partnerId)
      .executeTakeFirst();
    if (!tenant)
      throw new MiqError('not_found', {
        details: [{ field: 'tenantId', code: 'unknown_tenant', message: 'No such tenant.' }],
      });
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.get('/admin/tenants/:tenantId/dashboards/:id', async (c) => {
    const doc = known(registry, c.req.param('id'));
    return c.json({
      dashboard: doc.id,
      customisation: (await store.getCustomisation(c.req.param('tenantId'), doc.id)) ?? null,
    });
  });
  app.put('/admin/tenants/:tenantId/dashboards/:id', body, async (c) => {
    const doc = known(registry, c.req.param('id'));
    const input = parseOrThrow(CustomisationSchema, c.var.body);
    const ids = new Set(doc.panels.map((p) => p.id));
    const details: { field: string; code: string; message: string }[] = [];
    const check = (list: readonly string[] | undefined, field: string, also: ReadonlySet<string> = new Set()) =>
      list?.forEach((id, i) => {
        if (!ids.has(id) && !also.has(id))
          details.push({ field: `${field}[${i}]`, code: 'unknown_panel', message: `No panel "${id}".` });
      });
    const added = new Set((input.added ?? []).map((p) => p.id));
    check(input.hidden, 'hidden', added);
    check(input.order, 'order', added);
    check(Object.keys(input.titles ?? {}), 'titles', added);
    input.added?.forEach((p, i) => {
      if (ids.has(p.id))
        details.push({ field: `added[${i}].id`, code: 'duplicate_panel', message: `Panel "${p.id}" exists.` });
      for (const problem of panelProblems(p, deps.catalog, '')) {
        details.push({ field: `added[${i}]`, code: 'unknown_member', message: problem.trim() });
      }
    });
    if (details.length > 0) throw new MiqError('validation_failed', { details });
    await store.putCustomisation(c.req.param('tenantId'), doc.id, input);
    return c.json({ dashboard: doc.id, customisation: input });
  });
  app.delete('/admin/tenants/:tenantId/dashboards/:id', async (c) => {
    const doc = known(registry, c.req.param('id'));
    await store.deleteCustomisation(c.req.param('tenantId'), doc.id);
    return c.json({ dashboard: doc.id, customisation: null });
  });
  return app;
}
