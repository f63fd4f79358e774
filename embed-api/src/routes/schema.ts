import { Hono } from 'hono';
import type { AppDeps } from '../app-deps.js';
import {
  requireTenantToken,
  type TenantAuthVariables,
  type TenantRequestPolicy,
  type TenantTokenVerifier,
} from '../auth/index.js';

/** `GET /schema`: the catalog as the token may see it (members outside its scope or locks are left out). */
export function schemaRoutes(deps: AppDeps, verify: TenantTokenVerifier, policy?: TenantRequestPolicy) {
  return new Hono<{ Variables: TenantAuthVariables }>().get('/schema', requireTenantToken(verify, policy), (c) => {
    c.header('Cache-Control', 'private, no-store');
    return c.json(deps.semantic.schemaFor(c.var.auth.scope) as object);
  });
}
