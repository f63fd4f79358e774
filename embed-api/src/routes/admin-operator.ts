import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import * as ops from '../admin/operations.js';
import * as S from '../admin/schemas.js';
import { parseOrThrow } from '../admin/validate.js';
import type { AppDatabase } from '../app-db/schema.js';
import { requireOperator } from '../auth/admin-auth.js';
import { type JsonBodyVariables, jsonBody } from './json-body.js';

/** What the admin and operator routes need (built by `createApp`). */
export interface AdminRouteDeps {
  readonly db: Kysely<AppDatabase>;
  readonly bodyLimitBytes: number;
  readonly operatorTokenSha256: string | undefined;
  readonly context: (actor: ops.AdminContext['actor']) => ops.AdminContext;
  /** Throws 429 when the partner's bucket is empty. */
  readonly rateLimitPartner: (partnerId: string) => Promise<void>;
}

/**
 * The operator API, `/api/v1/operator/*`, guarded by the operator token (`MIQ_OPERATOR_TOKEN_SHA256`; 404 when not
 * configured). The same operations as the CLI: partners, their API keys, tenants with their warehouse locations,
 * tenant status, connector mapping.
 */
export function operatorRoutes(deps: AdminRouteDeps) {
  const app = new Hono<{ Variables: JsonBodyVariables }>();
  const body = jsonBody({ maxBytes: Math.min(deps.bodyLimitBytes, 64 * 1024) });
  const ctx = () => deps.context({ kind: 'operator' });
  app.use('/operator/*', requireOperator(deps.operatorTokenSha256));
  app.use('/operator/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  app.post('/operator/partners', body, async (c) => {
    const partner = await ops.createPartner(ctx(), parseOrThrow(S.partnerCreateRequest, c.var.body));
    return c.json({ partner: ops.partnerView(partner) }, 201);
  });
  app.patch('/operator/partners/:partnerId', body, async (c) => {
    const input = parseOrThrow(S.partnerUpdateRequest, c.var.body);
    return c.json({ partner: ops.partnerView(await ops.updatePartner(ctx(), c.req.param('partnerId'), input)) });
  });
  app.post('/operator/partners/:partnerId/api-keys', async (c) =>
    c.json(await ops.createApiKey(ctx(), c.req.param('partnerId')), 201),
  );
  app.post('/operator/partners/:partnerId/api-keys/:id/revoke', async (c) =>
    c.json({ apiKey: await ops.revokeApiKey(ctx(), c.req.param('partnerId'), c.req.param('id')) }),
  );
  app.post('/operator/tenants', body, async (c) => {
    const tenant = await ops.createTenant(ctx(), parseOrThrow(S.tenantCreateRequest, c.var.body));
    return c.json({ tenant: ops.operatorTenantView(tenant) }, 201);
  });
  app.post('/operator/tenants/:tenantId/status', body, async (c) => {
    const { status } = parseOrThrow(S.tenantStatusRequest, c.var.body);
    return c.json({
      tenant: ops.operatorTenantView(await ops.setTenantStatus(ctx(), c.req.param('tenantId'), status)),
    });
  });
  app.post('/operator/connectors', body, async (c) => {
    const input = parseOrThrow(S.connectorRequest, c.var.body);
    return c.json({ connector: await ops.mapConnector(ctx(), input) }, 201);
  });
  return app;
}
