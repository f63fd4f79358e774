/**
 * Request and response schemas of the partner admin API (`/api/v1/admin/*`) and the operator API
 * (`/api/v1/operator/*`), in zod so the OpenAPI document (issue 5) can be generated from them: `ADMIN_ROUTES` lists
 * every route with its schemas.
 */
import { z } from 'zod';

export const identifier = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lowercase letters, digits, _ and -; 1–63');
export const kidSchema = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, 'letters, digits, . _ -; 1–128');
export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');
export const timeZoneSchema = z.string().min(1).max(64);
export const originSchema = z
  .string()
  .regex(/^https?:\/\/[^/\s?#]+$/, 'scheme://host[:port], no path')
  .max(255);

/** Fields a partner may never send: the tenant's location and ownership are the operator's. */
export const OPERATOR_ONLY_TENANT_FIELDS = [
  'warehouseLocation',
  'warehouse_location',
  'partnerId',
  'partner_id',
  'status',
  'id',
] as const;

export const tenantView = z.object({
  id: z.string(),
  name: z.string(),
  reportingCurrency: z.string(),
  timeZone: z.string(),
  shownAccounts: z.array(z.string()).nullable(),
  status: z.enum(['active', 'suspended']),
});
export const tenantListResponse = z.object({ tenants: z.array(tenantView) });

export const tenantPatchRequest = z
  .object({
    name: z.string().min(1).max(200).optional(),
    reportingCurrency: currencySchema.optional(),
    timeZone: timeZoneSchema.optional(),
    shownAccounts: z.array(z.string().min(1).max(64)).max(500).nullable().optional(),
  })
  .strict();

const publicJwk = z.record(z.string(), z.unknown());

export const embedKeyCreateRequest = z
  .object({
    alg: z.enum(['EdDSA', 'Ed25519', 'ES256', 'RS256', 'HS256']),
    kid: kidSchema.optional(),
    /** Required for EdDSA/ES256/RS256, refused for HS256 (the server generates the secret). */
    publicJwk: publicJwk.optional(),
  })
  .strict();
export const embedKeyRotateRequest = embedKeyCreateRequest.partial({ alg: true });

export const embedKeyView = z.object({
  kid: z.string(),
  alg: z.enum(['EdDSA', 'ES256', 'RS256', 'HS256']),
  status: z.enum(['active', 'revoked']),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  replacesKid: z.string().nullable(),
  publicJwk: publicJwk.nullable(),
});
export const embedKeyCreatedResponse = z.object({
  key: embedKeyView,
  /** HS256 only: the secret to sign with (UTF-8 text), shown this once and never again. */
  secret: z.string().optional(),
});
export const embedKeyListResponse = z.object({ keys: z.array(embedKeyView) });
export const embedKeyRevokedResponse = z.object({ key: embedKeyView });

export const jwksRequest = z.object({ url: z.string().max(2048).nullable() }).strict();
export const jwksResponse = z.object({ jwksUrl: z.string().nullable() });

export const originsRequest = z.object({ origins: z.array(originSchema).max(100) }).strict();
export const originsResponse = z.object({ origins: z.array(z.string()) });

export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional(),
  tenant: identifier.optional(),
  action: z.string().max(128).optional(),
});
export const auditEntryView = z.object({
  id: z.string(),
  at: z.string(),
  actorKind: z.string(),
  tenantId: z.string().nullable(),
  subject: z.string().nullable(),
  jti: z.string().nullable(),
  action: z.string(),
  route: z.string().nullable(),
  dashboard: z.string().nullable(),
  outcome: z.string(),
  detail: z.unknown().nullable(),
  /** Identical token uses written together are one entry: how many, the first at `at`, the last at `lastAt`. */
  uses: z.number().int().min(1),
  lastAt: z.string().nullable(),
});
export const auditListResponse = z.object({ entries: z.array(auditEntryView), nextCursor: z.string().nullable() });

// Operator API
export const partnerCreateRequest = z
  .object({
    id: identifier,
    name: z.string().min(1).max(200),
    maxTokenLifetimeSeconds: z.number().int().min(60).max(86_400).nullable().optional(),
  })
  .strict();
export const partnerView = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['active', 'suspended']),
  maxTokenLifetimeSeconds: z.number().nullable(),
  jwksUrl: z.string().nullable(),
});
export const partnerUpdateRequest = z
  .object({
    name: z.string().min(1).max(200).optional(),
    status: z.enum(['active', 'suspended']).optional(),
    maxTokenLifetimeSeconds: z.number().int().min(60).max(86_400).nullable().optional(),
  })
  .strict();
export const apiKeyView = z.object({ id: z.string(), prefix: z.string(), status: z.string(), createdAt: z.string() });
export const apiKeyCreatedResponse = z.object({ apiKey: apiKeyView, key: z.string() });
export const tenantCreateRequest = z
  .object({
    id: identifier,
    partnerId: identifier,
    name: z.string().min(1).max(200),
    warehouseLocation: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, 'an identifier: letters, digits, _ -'),
    reportingCurrency: currencySchema,
    timeZone: timeZoneSchema,
  })
  .strict();
export const operatorTenantView = tenantView.extend({ partnerId: z.string(), warehouseLocation: z.string() });
export const tenantStatusRequest = z.object({ status: z.enum(['active', 'suspended']) }).strict();
export const connectorRequest = z
  .object({ externalId: z.string().min(1).max(128), kind: z.enum(['connector', 'group']), tenantId: identifier })
  .strict();

/** Every admin/operator route with its schemas, for the OpenAPI generator (issue 5). */
export const ADMIN_ROUTES = [
  { method: 'get', path: '/api/v1/admin/tenants', auth: 'partnerApiKey', response: tenantListResponse },
  {
    method: 'patch',
    path: '/api/v1/admin/tenants/{tenantId}',
    auth: 'partnerApiKey',
    request: tenantPatchRequest,
    response: z.object({ tenant: tenantView }),
  },
  {
    method: 'post',
    path: '/api/v1/admin/keys',
    auth: 'partnerApiKey',
    request: embedKeyCreateRequest,
    response: embedKeyCreatedResponse,
    status: 201,
  },
  { method: 'get', path: '/api/v1/admin/keys', auth: 'partnerApiKey', response: embedKeyListResponse },
  {
    method: 'post',
    path: '/api/v1/admin/keys/{kid}/rotate',
    auth: 'partnerApiKey',
    request: embedKeyRotateRequest,
    response: embedKeyCreatedResponse,
    status: 201,
  },
  { method: 'post', path: '/api/v1/admin/keys/{kid}/revoke', auth: 'partnerApiKey', response: embedKeyRevokedResponse },
  { method: 'get', path: '/api/v1/admin/jwks', auth: 'partnerApiKey', response: jwksResponse },
  { method: 'put', path: '/api/v1/admin/jwks', auth: 'partnerApiKey', request: jwksRequest, response: jwksResponse },
  { method: 'get', path: '/api/v1/admin/origins', auth: 'partnerApiKey', response: originsResponse },
  {
    method: 'put',
    path: '/api/v1/admin/origins',
    auth: 'partnerApiKey',
    request: originsRequest,
    response: originsResponse,
  },
  { method: 'get', path: '/api/v1/admin/audit', auth: 'partnerApiKey', query: auditQuery, response: auditListResponse },
  {
    method: 'post',
    path: '/api/v1/operator/partners',
    auth: 'operatorToken',
    request: partnerCreateRequest,
    response: z.object({ partner: partnerView }),
    status: 201,
  },
  {
    method: 'patch',
    path: '/api/v1/operator/partners/{partnerId}',
    auth: 'operatorToken',
    request: partnerUpdateRequest,
    response: z.object({ partner: partnerView }),
  },
  {
    method: 'post',
    path: '/api/v1/operator/partners/{partnerId}/api-keys',
    auth: 'operatorToken',
    response: apiKeyCreatedResponse,
    status: 201,
  },
  {
    method: 'post',
    path: '/api/v1/operator/partners/{partnerId}/api-keys/{id}/revoke',
    auth: 'operatorToken',
    response: z.object({ apiKey: apiKeyView }),
  },
  {
    method: 'post',
    path: '/api/v1/operator/tenants',
    auth: 'operatorToken',
    request: tenantCreateRequest,
    response: z.object({ tenant: operatorTenantView }),
    status: 201,
  },
  {
    method: 'post',
    path: '/api/v1/operator/tenants/{tenantId}/status',
    auth: 'operatorToken',
    request: tenantStatusRequest,
    response: z.object({ tenant: operatorTenantView }),
  },
  {
    method: 'post',
    path: '/api/v1/operator/connectors',
    auth: 'operatorToken',
    request: connectorRequest,
    response: z.object({ connector: connectorRequest }),
    status: 201,
  },
] as const;
