import { Hono } from 'hono';
import * as ops from '../admin/operations.js';
import * as S from '../admin/schemas.js';
import { parseOrThrow } from '../admin/validate.js';
import { type PartnerAdminVariables, requirePartnerApiKey } from '../auth/admin-auth.js';
import { MiqError, ProblemCollector } from '../errors/index.js';
import type { AdminRouteDeps } from './admin-operator.js';
import { type JsonBodyVariables, jsonBody } from './json-body.js';

/**
 * The partner admin API, `/api/v1/admin/*`, authenticated by a partner API key: the partner's tenants (display
 * settings only), embed keys (create, list, rotate, revoke), JWKS URL, page origins and audit log. Request and
 * response shapes: `src/admin/schemas.ts`.
 */
export function partnerAdminRoutes(deps: AdminRouteDeps) {
  const app = new Hono<{ Variables: PartnerAdminVariables & JsonBodyVariables }>();
  const body = jsonBody({ maxBytes: Math.min(deps.bodyLimitBytes, 64 * 1024) });
  const ctx = (partnerId: string) => deps.context({ kind: 'partner_api_key', partnerId });

  app.use('/admin/*', requirePartnerApiKey(deps.db));
  app.use('/admin/*', async (c, next) => {
    await deps.rateLimitPartner(c.var.partnerId);
    await next();
    c.header('Cache-Control', 'no-store');
  });

  app.get('/admin/tenants', async (c) => {
    const tenants = await ops.listPartnerTenants(ctx(c.var.partnerId));
    return c.json({ tenants: tenants.map(ops.tenantView) });
  });
  app.patch('/admin/tenants/:tenantId', body, async (c) => {
    const raw = c.var.body;
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
      const problems = new ProblemCollector();
      for (const field of S.OPERATOR_ONLY_TENANT_FIELDS) {
        if (Object.hasOwn(raw, field)) {
          problems.add(field, 'operator_only', 'Only the operator sets this; partners change display settings only.');
        }
      }
      problems.throwIfAny('forbidden');
    }
    const patch = parseOrThrow(S.tenantPatchRequest, raw);
    const tenant = await ops.updateTenantDisplay(ctx(c.var.partnerId), c.req.param('tenantId'), patch);
    return c.json({ tenant: ops.tenantView(tenant) });
  });

  app.post('/admin/keys', body, async (c) => {
    const input = parseOrThrow(S.embedKeyCreateRequest, c.var.body);
    return c.json(await ops.createEmbedKey(ctx(c.var.partnerId), input), 201);
  });
  app.get('/admin/keys', async (c) => c.json({ keys: await ops.listEmbedKeysOf(ctx(c.var.partnerId)) }));
  app.post('/admin/keys/:kid/rotate', body, async (c) => {
    const input = parseOrThrow(S.embedKeyRotateRequest, c.var.body ?? {});
    return c.json(await ops.rotateEmbedKey(ctx(c.var.partnerId), c.req.param('kid'), input), 201);
  });
  app.post('/admin/keys/:kid/revoke', async (c) =>
    c.json({ key: await ops.revokeEmbedKeyOf(ctx(c.var.partnerId), c.req.param('kid')) }),
  );

  app.get('/admin/jwks', async (c) => c.json(await ops.getJwksUrl(ctx(c.var.partnerId))));
  app.put('/admin/jwks', body, async (c) => {
    const { url } = parseOrThrow(S.jwksRequest, c.var.body);
    return c.json(await ops.setJwksUrl(ctx(c.var.partnerId), url));
  });

  app.get('/admin/origins', async (c) => c.json(await ops.listOrigins(ctx(c.var.partnerId))));
  app.put('/admin/origins', body, async (c) => {
    const { origins } = parseOrThrow(S.originsRequest, c.var.body);
    return c.json(await ops.setOrigins(ctx(c.var.partnerId), origins));
  });

  app.get('/admin/audit', async (c) => {
    const q = parseOrThrow(S.auditQuery, c.req.query(), 'query');
    return c.json(await ops.listAudit(ctx(c.var.partnerId), q));
  });

  app.all('/admin/*', () => {
    throw new MiqError('not_found');
  });
  return app;
}
