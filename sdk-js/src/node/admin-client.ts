import { TokenManager } from '../internal/token-manager.js';
import { type CallOptions, Transport } from '../internal/transport.js';

export interface AdminClientOptions {
  readonly baseUrl: string;
  /** A partner API key (shown once when created). Server side only. */
  readonly apiKey: string;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  readonly retries?: number;
}

type Json = Readonly<Record<string, unknown>>;

/** The partner admin API (`/api/v1/admin/*`); see {@link createAdminClient}. */
export interface MiqAdminClient {
  readonly tenants: {
    list(options?: CallOptions): Promise<Json>;
    /** Display settings only (name, reporting currency, time zone, accounts shown); never the warehouse location. */
    update(tenantId: string, patch: Json, options?: CallOptions): Promise<Json>;
  };
  readonly keys: {
    /** For HS256 the server generates the secret and returns it once. */
    create(input: Json, options?: CallOptions): Promise<Json>;
    list(options?: CallOptions): Promise<Json>;
    /** Creates a successor key; the old one stays active until revoked (overlap). */
    rotate(kid: string, input?: Json, options?: CallOptions): Promise<Json>;
    revoke(kid: string, options?: CallOptions): Promise<Json>;
  };
  readonly jwks: { register(url: string, options?: CallOptions): Promise<Json> };
  readonly audit: {
    list(params?: Readonly<Record<string, string | number | undefined>>, options?: CallOptions): Promise<Json>;
  };
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
  // Creating and rotating are not idempotent: never retried. Reads and revocation are.
  return {
    tenants: {
      list: (o) => t.request({ method: 'GET', path: '/tenants', retry: true }, o),
      update: (id, patch, o) =>
        t.request({ method: 'PATCH', path: `/tenants/${seg(id)}`, body: patch, retry: false, dedupe: false }, o),
    },
    keys: {
      create: (input, o) => t.request({ method: 'POST', path: '/keys', body: input, retry: false, dedupe: false }, o),
      list: (o) => t.request({ method: 'GET', path: '/keys', retry: true }, o),
      rotate: (kid, input, o) =>
        t.request(
          { method: 'POST', path: `/keys/${seg(kid)}/rotate`, body: input ?? {}, retry: false, dedupe: false },
          o,
        ),
      revoke: (kid, o) =>
        t.request({ method: 'POST', path: `/keys/${seg(kid)}/revoke`, body: {}, retry: true, dedupe: false }, o),
    },
    jwks: {
      register: (url, o) => t.request({ method: 'PUT', path: '/jwks', body: { url }, retry: true, dedupe: false }, o),
    },
    audit: { list: (params, o) => t.request({ method: 'GET', path: '/audit', query: params, retry: true }, o) },
  };
}
