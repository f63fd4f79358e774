/**
 * Tenant tokens: verification (`createTenantTokenVerifier`), the route middleware (`requireTenantToken`), minting for
 * the demo and tests, and sealing of stored HMAC secrets.
 */

export type { TenantClaims } from './claims.js';
export { tenantClaimsSchema } from './claims.js';
export type { TenantTokenClaims } from './mint-tenant-token.js';
export { mintTenantToken } from './mint-tenant-token.js';
export { openSecret, sealSecret } from './secret-box.js';
export type { TenantAuthVariables } from './tenant-auth.js';
export { requireTenantToken } from './tenant-auth.js';
export type { TenantScope } from './tenant-scope.js';
export type { TenantTokenVerifier, TokenVerifierDeps, VerifiedTenantToken } from './verify-tenant-token.js';
export { createTenantTokenVerifier } from './verify-tenant-token.js';
