import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Timestamps come back as `Date` from both `pg` and PGlite; inserts may pass a `Date` or leave the default. */
type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Timestamp = ColumnType<Date, Date, Date>;

/** Algorithms an embed key may fix. One per key; a token must use exactly its key's. */
export const EMBED_KEY_ALGORITHMS = ['EdDSA', 'ES256', 'RS256', 'HS256'] as const;
export type EmbedKeyAlgorithm = (typeof EMBED_KEY_ALGORITHMS)[number];

export type ActiveStatus = 'active' | 'suspended';

export interface PartnersTable {
  /** Operator-assigned identifier; the `iss` of the partner's tokens. */
  id: string;
  name: string;
  status: ColumnType<ActiveStatus, ActiveStatus | undefined, ActiveStatus>;
  /** Per-partner maximum token lifetime (issue 6: up to 24 h); null = the server default. */
  max_token_lifetime_seconds: ColumnType<number | null, number | null | undefined, number | null>;
  /** Registered JWKS URL (issue 6); null when keys are stored in `embed_keys` only. */
  jwks_url: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface TenantsTable {
  /** The token's `tenant` claim. */
  id: string;
  partner_id: string;
  /** Display name; partners may change it. */
  name: string;
  /** Operator-assigned, unique: DuckDB directory under the warehouse dir, or Snowflake database. Never set by a partner. */
  warehouse_location: string;
  /** ISO 4217 code. */
  reporting_currency: string;
  /** IANA time zone. */
  time_zone: string;
  status: ColumnType<ActiveStatus, ActiveStatus | undefined, ActiveStatus>;
  /** JSON array of account ids the tenant's dashboards show (display setting); null = all connected accounts. */
  shown_accounts: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export type EmbedKeyStatus = 'active' | 'revoked';

export interface EmbedKeysTable {
  /** Globally unique key id (the token header's `kid`). */
  kid: string;
  partner_id: string;
  alg: EmbedKeyAlgorithm;
  /** Public JWK as JSON text (EdDSA, ES256, RS256); null for HS256. */
  public_jwk: string | null;
  /** HS256 secret, AES-GCM encrypted with the master key (`v1.<iv>.<ciphertext>`); null otherwise. */
  secret_ciphertext: string | null;
  status: ColumnType<EmbedKeyStatus, EmbedKeyStatus | undefined, EmbedKeyStatus>;
  created_at: CreatedAt;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The key this one was created to replace (rotation); the old key stays active until revoked. */
  replaces_kid: ColumnType<string | null, string | null | undefined, string | null>;
}

/** Partner admin API keys (issue 6): only a hash is stored; the key is shown once. */
export interface PartnerApiKeysTable {
  id: string;
  partner_id: string;
  /** Short non-secret prefix shown in listings. */
  prefix: string;
  key_hash: string;
  status: ColumnType<EmbedKeyStatus, EmbedKeyStatus | undefined, EmbedKeyStatus>;
  created_at: CreatedAt;
  last_used_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** Page origins a partner embeds from (issue 6: CORS and the `origin` claim). */
export interface PartnerOriginsTable {
  partner_id: string;
  origin: string;
  created_at: CreatedAt;
}

/** Operator mapping of Fivetran connectors/groups to tenants (issue 6: sync webhooks). */
export interface TenantConnectorsTable {
  /** Fivetran connector id or group id. */
  external_id: string;
  kind: 'connector' | 'group';
  tenant_id: string;
  created_at: CreatedAt;
}

/** Token use and admin actions (issue 6). */
export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  partner_id: string | null;
  tenant_id: string | null;
  /** `token`, `partner_api_key`, `operator`. */
  actor_kind: string;
  subject: string | null;
  jti: string | null;
  action: string;
  route: string | null;
  dashboard: string | null;
  outcome: string;
  /** JSON text; never secrets. */
  detail: string | null;
  /** How many identical token uses this row stands for (1 for admin actions); `at` is the first, `last_at` the last. */
  uses: ColumnType<number, number | undefined, number>;
  last_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface AppDatabase {
  partners: PartnersTable;
  tenants: TenantsTable;
  embed_keys: EmbedKeysTable;
  partner_api_keys: PartnerApiKeysTable;
  partner_origins: PartnerOriginsTable;
  tenant_connectors: TenantConnectorsTable;
  audit_log: AuditLogTable;
}

export type Partner = Selectable<PartnersTable>;
export type NewPartner = Insertable<PartnersTable>;
export type Tenant = Selectable<TenantsTable>;
export type NewTenant = Insertable<TenantsTable>;
export type EmbedKey = Selectable<EmbedKeysTable>;
export type PartnerApiKey = Selectable<PartnerApiKeysTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
export type NewEmbedKey = Insertable<EmbedKeysTable>;
