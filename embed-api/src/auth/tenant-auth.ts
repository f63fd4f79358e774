import { createMiddleware } from 'hono/factory';
import type { AuditWriter } from '../audit/index.js';
import { MiqError, tokenError } from '../errors/index.js';
import { requestHeader } from '../routes/request-header.js';
import { PARTNER_API_KEY_PREFIX } from './api-keys.js';
import type { TenantTokenVerifier, VerifiedTenantToken } from './verify-tenant-token.js';

/** Query parameters that would name a tenant; refused rather than ignored so a confused client notices. */
const TENANT_PARAMS = ['tenant', 'tenantId', 'tenant_id', 'warehouseLocation', 'warehouse_location'] as const;

/** Context variables set by `requireTenantToken`. */
export interface TenantAuthVariables {
  readonly auth: VerifiedTenantToken;
}

/** What every data request passes after its token verifies: origin binding, rate limits, the audit trail. */
export interface TenantRequestPolicy {
  /** Throws 403 when the request's `Origin` does not fit the token's `origin` claim or the partner's origins. */
  checkOrigin(origin: string | undefined, auth: VerifiedTenantToken): Promise<void> | void;
  /** Throws 429 (with Retry-After) when the tenant's or the partner's bucket is empty. */
  rateLimit(auth: VerifiedTenantToken): Promise<void> | void;
  readonly audit: Pick<AuditWriter, 'record'>;
}

function codeOf(error: unknown): string {
  if (error instanceof MiqError) return error.details[0]?.code ?? error.code;
  return 'internal';
}

/**
 * Middleware for every data route: reads `Authorization: Bearer <token>`, verifies it and exposes the verified
 * token (and its `TenantScope`) as `c.var.auth`. A request that names a tenant in its query string is refused:
 * only the token picks the tenant. With a policy, it also enforces origins and rate limits and audits the use.
 *
 * @example
 * app.get('/api/v1/schema', requireTenantToken(verify, policy), (c) => c.json(semantic.schemaFor(c.var.auth.scope)));
 */
export function requireTenantToken(verify: TenantTokenVerifier, policy?: TenantRequestPolicy) {
  return createMiddleware<{ Variables: TenantAuthVariables }>(async (c, next) => {
    const route = `${c.req.method} ${c.req.routePath}`;
    let auth: VerifiedTenantToken | undefined;
    try {
      const header = requestHeader(c, 'authorization');
      if (header === undefined || header.trim() === '') throw tokenError('missing');
      const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
      if (match === null) throw tokenError('malformed');
      if (match[1]!.startsWith(PARTNER_API_KEY_PREFIX)) throw tokenError('wrong_token_kind');
      auth = await verify(match[1]!);
      c.set('auth', auth);
      const named = c.req.url.includes('?') ? TENANT_PARAMS.filter((name) => c.req.query(name) !== undefined) : [];
      if (named.length > 0) {
        throw new MiqError('validation_failed', {
          details: named.map((name) => ({
            field: `query.${name}`,
            code: 'forbidden_field',
            message: 'The tenant comes from the token only; remove this parameter.',
          })),
        });
      }
      if (policy !== undefined) {
        // Either may answer synchronously (no Origin header; in-process limits): no promise then.
        const origin = policy.checkOrigin(requestHeader(c, 'origin'), auth);
        if (origin) await origin;
        const limited = policy.rateLimit(auth);
        if (limited) await limited;
      }
    } catch (error) {
      policy?.audit.record(entry(auth, route, `refused:${codeOf(error)}`));
      throw error;
    }
    await next();
    const outcome = c.error === undefined ? String(c.res.status) : `error:${codeOf(c.error)}`;
    policy?.audit.record(entry(auth, route, outcome, dashboardOf(requestHeader(c, 'x-miq-dashboard'), auth)));
  });
}

/**
 * The dashboard a request was made for, from the `X-Miq-Dashboard` header (sent by embedded dashboards), recorded in
 * the audit log only when the token may open it.
 */
function dashboardOf(header: string | undefined, auth: VerifiedTenantToken): string | null {
  if (header === undefined || !/^[A-Za-z0-9._-]{1,128}$/.test(header)) return null;
  const allowed = auth.claims.dashboards;
  return allowed.includes('*') || allowed.includes(header) ? header : null;
}

function entry(auth: VerifiedTenantToken | undefined, route: string, outcome: string, dashboard?: string | null) {
  return {
    dashboard: dashboard ?? null,
    actorKind: 'token' as const,
    action: 'token.use',
    outcome,
    route,
    partnerId: auth?.partnerId ?? null,
    tenantId: auth?.tenant.id ?? null,
    subject: auth?.claims.sub ?? null,
    jti: auth?.claims.jti ?? null,
  };
}
