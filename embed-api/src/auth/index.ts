/**
 * Tenant tokens: verification (`createTenantTokenVerifier`), the route middleware (`requireTenantToken`), minting for
 * the demo and tests, and sealing of stored HMAC secrets.
 */

export type { PartnerAdminVariables } from './admin-auth.js';
export { requireOperator, requirePartnerApiKey } from './admin-auth.js';
export { generateOperatorToken, generatePartnerApiKey, sha256Hex } from './api-keys.js';
export type { TenantClaims } from './claims.js';
export { tenantClaimsSchema } from './claims.js';
export type { DashboardMembersResolver } from './dashboards.js';
export { assertDashboardAllowed, dashboardMembersResolver } from './dashboards.js';
export type { JwksKeyStore } from './jwks.js';
export { createJwksKeyStore, isPrivateAddress, validateJwksUrl } from './jwks.js';
export type { TenantTokenClaims } from './mint-tenant-token.js';
export { mintTenantToken } from './mint-tenant-token.js';
export type { RevocationBus, RevocationRedis } from './revocation.js';
export { createLocalRevocationBus, createRedisRevocationBus } from './revocation.js';
export { scopeKey } from './scope-key.js';
export { openSecret, sealSecret } from './secret-box.js';
export type { TenantAuthVariables, TenantRequestPolicy } from './tenant-auth.js';
export { requireTenantToken } from './tenant-auth.js';
export type { TenantScope } from './tenant-scope.js';
export type { TenantTokenVerifier, TokenVerifierDeps, VerifiedTenantToken } from './verify-tenant-token.js';
export { createTenantTokenVerifier } from './verify-tenant-token.js';
