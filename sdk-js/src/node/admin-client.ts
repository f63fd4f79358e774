// Type-only: the admin API's own request/response schemas (nothing of zod is loaded at run time).
import type * as S from '@miq/embed-api/src/admin/schemas.js';
import type { z } from 'zod';
import { TokenManager } from '../internal/token-manager.js';
import { type CallOptions, Transport } from '../internal/transport.js';

export interface AdminClientOptions {
  readonly baseUrl: string;
  /** A partner API key (shown once when the operator creates it). Server side only. */
  readonly apiKey: string;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  readonly retries?: number;
}

export type AdminTenant = z.infer<typeof S.tenantView>;
export type AdminTenantPatch = z.input<typeof S.tenantPatchRequest>;
export type EmbedKeyView = z.infer<typeof S.embedKeyView>;
export type EmbedKeyCreate = z.input<typeof S.embedKeyCreateRequest>;
export type EmbedKeyRotate = z.input<typeof S.embedKeyRotateRequest>;
export type EmbedKeyCreated = z.infer<typeof S.embedKeyCreatedResponse>;
export type AuditQuery = z.input<typeof S.auditQuery>;
export type AuditPage = z.infer<typeof S.auditListResponse>;

/** The partner admin API (`/api/v1/admin/*`); see {@link createAdminClient}. */
export interface MiqAdminClient {
  readonly tenants: {
    list(options?: CallOptions): Promise<{ tenants: AdminTenant[] }>;
    /** Display settings only (name, reporting currency, time zone, accounts shown); never the warehouse location. */
    update(tenantId: string, patch: AdminTenantPatch, options?: CallOptions): Promise<{ tenant: AdminTenant }>;
  };
  readonly keys: {
    /** For HS256 the server generates the secret and returns it once (`secret`). */
    create(input: EmbedKeyCreate, options?: CallOptions): Promise<EmbedKeyCreated>;
    list(options?: CallOptions): Promise<{ keys: EmbedKeyView[] }>;
    /** Creates a successor key; the old one stays active until revoked (overlap). */
    rotate(kid: string, input?: EmbedKeyRotate, options?: CallOptions): Promise<EmbedKeyCreated>;
    revoke(kid: string, options?: CallOptions): Promise<{ key: EmbedKeyView }>;
  };
  readonly jwks: {
    get(options?: CallOptions): Promise<z.infer<typeof S.jwksResponse>>;
    /** An https URL of your public keys (JWKS); `null` removes it. */
    register(url: string | null, options?: CallOptions): Promise<z.infer<typeof S.jwksResponse>>;
  };
  readonly origins: {
    list(options?: CallOptions): Promise<z.infer<typeof S.originsResponse>>;
    set(origins: readonly string[], options?: CallOptions): Promise<z.infer<typeof S.originsResponse>>;
  };
  readonly audit: { list(query?: AuditQuery, options?: CallOptions): Promise<AuditPage> };
}

/**
 * A client for the partner admin API, authenticated with a partner API key.
 *
 * @example
 * const admin = createAdminClient({ baseUrl: 'https://miq.example.com', apiKey: process.env.MIQ_API_KEY! });
 * const { key } = await admin.keys.create({ alg: 'EdDSA', publicJwk });
 */
export function createAdminClient(options: AdminClientOptions): MiqAdminClient {
  if (!options?.baseUrl || !options.apiKey) throw new TypeError('createAdminClient: baseUrl and apiKey are required');
  const t = new Transport({ ...options, tokens: new TokenManager({ token: options.apiKey }), prefix: '/api/v1/admin' });
  const seg = encodeURIComponent;
  const read = <T>(path: string, o?: CallOptions, query?: object) =>
    t.request<T>({ method: 'GET', path, query: query as never, retry: true }, o);
  // Creating and rotating are not idempotent: never retried. Updates, revocation and PUTs are.
  const write = <T>(method: 'POST' | 'PUT' | 'PATCH', path: string, body: unknown, retry: boolean, o?: CallOptions) =>
    t.request<T>({ method, path, body, retry, dedupe: false }, o);
  return {
    tenants: {
      list: (o) => read('/tenants', o),
      update: (id, patch, o) => write('PATCH', `/tenants/${seg(id)}`, patch, true, o),
    },
    keys: {
      create: (input, o) => write('POST', '/keys', input, false, o),
      list: (o) => read('/keys', o),
      rotate: (kid, input, o) => write('POST', `/keys/${seg(kid)}/rotate`, input ?? {}, false, o),
      revoke: (kid, o) => write('POST', `/keys/${seg(kid)}/revoke`, undefined, true, o),
    },
    jwks: {
      get: (o) => read('/jwks', o),
      register: (url, o) => write('PUT', '/jwks', { url }, true, o),
    },
    origins: {
      list: (o) => read('/origins', o),
      set: (origins, o) => write('PUT', '/origins', { origins }, true, o),
    },
    audit: { list: (query, o) => read('/audit', o, query) },
  };
}
