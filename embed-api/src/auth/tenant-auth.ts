import { createMiddleware } from 'hono/factory';
import { MiqError, tokenError } from '../errors/index.js';
import type { TenantTokenVerifier, VerifiedTenantToken } from './verify-tenant-token.js';

/** Query parameters that would name a tenant; refused rather than ignored so a confused client notices. */
const TENANT_PARAMS = ['tenant', 'tenantId', 'tenant_id'] as const;

/** Context variables set by `requireTenantToken`. */
export interface TenantAuthVariables {
  readonly auth: VerifiedTenantToken;
}

/**
 * Middleware for every data route: reads `Authorization: Bearer <token>`, verifies it and exposes the verified
 * token (and its `TenantScope`) as `c.var.auth`. A request that names a tenant in its query string is refused:
 * only the token picks the tenant.
 *
 * @example
 * app.get('/api/v1/schema', requireTenantToken(verify), (c) => c.json(semantic.schemaFor(c.var.auth.scope)));
 */
export function requireTenantToken(verify: TenantTokenVerifier) {
  return createMiddleware<{ Variables: TenantAuthVariables }>(async (c, next) => {
    const header = c.req.header('authorization');
    if (header === undefined || header.trim() === '') throw tokenError('missing');
    const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
    if (match === null) throw tokenError('malformed');
    c.set('auth', await verify(match[1]!));
    const named = TENANT_PARAMS.filter((name) => c.req.query(name) !== undefined);
    if (named.length > 0) {
      throw new MiqError('validation_failed', {
        details: named.map((name) => ({
          field: `query.${name}`,
          code: 'forbidden_field',
          message: 'The tenant comes from the token only; remove this parameter.',
        })),
      });
    }
    await next();
  });
}
