/**
 * Tenancy administration, shared by the operator CLI, the operator routes and the partner admin API. Every function
 * takes the acting partner (when a partner acts) and refuses anything outside that partner; every change is audited.
 * Warehouse locations are set only by `createTenant` (operator) and never changed.
 */
import { importJWK, type JWK } from 'jose';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { AppDatabase, EmbedKey, EmbedKeyAlgorithm, Partner, Tenant } from '../app-db/schema.js';
import type { AuditEntry, AuditWriter } from '../audit/index.js';
import { generateHmacSecret, generatePartnerApiKey, sha256Hex } from '../auth/api-keys.js';
import { validateJwksUrl } from '../auth/jwks.js';
import type { RevocationBus } from '../auth/revocation.js';
import { sealSecret } from '../auth/secret-box.js';
import { MiqError } from '../errors/index.js';
import type * as S from './schemas.js';
import { fieldError } from './validate.js';

export interface AdminContext {
  readonly db: Kysely<AppDatabase>;
  readonly audit: Pick<AuditWriter, 'record'>;
  readonly revocations: Pick<RevocationBus, 'invalidate'>;
  readonly clock: () => Date;
  readonly masterKey: string | undefined;
  readonly jwksTestAllowHosts: readonly string[];
  /** Who acts: the operator, or a partner through its API key. */
  readonly actor: { readonly kind: 'operator' } | { readonly kind: 'partner_api_key'; readonly partnerId: string };
  /** Called after origins change (the CORS cache reloads). */
  readonly onOriginsChanged?: () => void;
}

function audit(ctx: AdminContext, entry: Omit<AuditEntry, 'actorKind'>): void {
  ctx.audit.record({
    actorKind: ctx.actor.kind,
    ...entry,
    partnerId: entry.partnerId ?? (ctx.actor.kind === 'partner_api_key' ? ctx.actor.partnerId : null),
  });
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function tenantView(t: Tenant): z.infer<typeof S.tenantView> {
  return {
    id: t.id,
    name: t.name,
    reportingCurrency: t.reporting_currency,
    timeZone: t.time_zone,
    shownAccounts: t.shown_accounts === null ? null : (JSON.parse(t.shown_accounts) as string[]),
    status: t.status,
  };
}

export function operatorTenantView(t: Tenant): z.infer<typeof S.operatorTenantView> {
  return { ...tenantView(t), partnerId: t.partner_id, warehouseLocation: t.warehouse_location };
}

export function embedKeyView(k: EmbedKey): z.infer<typeof S.embedKeyView> {
  return {
    kid: k.kid,
    alg: k.alg,
    status: k.status,
    createdAt: k.created_at.toISOString(),
    revokedAt: iso(k.revoked_at),
    replacesKid: k.replaces_kid,
    publicJwk: k.public_jwk === null ? null : (JSON.parse(k.public_jwk) as Record<string, unknown>),
  };
}

export function partnerView(p: Partner): z.infer<typeof S.partnerView> {
  return {
    id: p.id,
    name: p.name,
    status: p.status,
    maxTokenLifetimeSeconds: p.max_token_lifetime_seconds,
    jwksUrl: p.jwks_url,
  };
}

const isUniqueViolation = (error: unknown) =>
  /duplicate key|unique constraint|already exists/i.test(String((error as Error)?.message ?? error));

// ---------------------------------------------------------------------------------------------------------------
// Operator

export async function createPartner(ctx: AdminContext, input: z.infer<typeof S.partnerCreateRequest>) {
  try {
    const partner = await ctx.db
      .insertInto('partners')
      .values({ id: input.id, name: input.name, max_token_lifetime_seconds: input.maxTokenLifetimeSeconds ?? null })
      .returningAll()
      .executeTakeFirstOrThrow();
    audit(ctx, { action: 'partner.create', outcome: 'ok', partnerId: partner.id, detail: { name: partner.name } });
    return partner;
  } catch (error) {
    if (isUniqueViolation(error)) throw fieldError('conflict', 'id', 'exists', 'A partner with this id exists.');
    throw error;
  }
}

export async function updatePartner(ctx: AdminContext, id: string, input: z.infer<typeof S.partnerUpdateRequest>) {
  const partner = await ctx.db
    .updateTable('partners')
    .set({
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.status === undefined ? {} : { status: input.status }),
      ...(input.maxTokenLifetimeSeconds === undefined
        ? {}
        : { max_token_lifetime_seconds: input.maxTokenLifetimeSeconds }),
      updated_at: ctx.clock(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (partner === undefined) throw fieldError('not_found', 'partnerId', 'unknown_partner', 'No such partner.');
  // A suspension or a shorter lifetime must stop cached verifications at once.
  await ctx.revocations.invalidate('partner_updated');
  audit(ctx, { action: 'partner.update', outcome: 'ok', partnerId: id, detail: { ...input } });
  return partner;
}

export async function createApiKey(ctx: AdminContext, partnerId: string) {
  const partner = await ctx.db.selectFrom('partners').select('id').where('id', '=', partnerId).executeTakeFirst();
  if (partner === undefined) throw fieldError('not_found', 'partnerId', 'unknown_partner', 'No such partner.');
  const generated = await generatePartnerApiKey();
  const row = await ctx.db
    .insertInto('partner_api_keys')
    .values({ id: crypto.randomUUID(), partner_id: partnerId, prefix: generated.prefix, key_hash: generated.hash })
    .returningAll()
    .executeTakeFirstOrThrow();
  audit(ctx, { action: 'api_key.create', outcome: 'ok', partnerId, detail: { id: row.id, prefix: row.prefix } });
  return {
    apiKey: { id: row.id, prefix: row.prefix, status: row.status, createdAt: row.created_at.toISOString() },
    key: generated.key,
  };
}

export async function revokeApiKey(ctx: AdminContext, partnerId: string, id: string) {
  const row = await ctx.db
    .updateTable('partner_api_keys')
    .set({ status: 'revoked', revoked_at: ctx.clock() })
    .where('id', '=', id)
    .where('partner_id', '=', partnerId)
    .returningAll()
    .executeTakeFirst();
  if (row === undefined) throw fieldError('not_found', 'id', 'unknown_api_key', 'No such API key.');
  audit(ctx, { action: 'api_key.revoke', outcome: 'ok', partnerId, detail: { id } });
  return { id: row.id, prefix: row.prefix, status: row.status, createdAt: row.created_at.toISOString() };
}

export async function createTenant(ctx: AdminContext, input: z.infer<typeof S.tenantCreateRequest>) {
  const partner = await ctx.db.selectFrom('partners').select('id').where('id', '=', input.partnerId).executeTakeFirst();
  if (partner === undefined) throw fieldError('validation_failed', 'partnerId', 'unknown_partner', 'No such partner.');
  if (!isTimeZone(input.timeZone)) {
    throw fieldError('validation_failed', 'timeZone', 'invalid_time_zone', 'Not an IANA time zone.');
  }
  const clash = await ctx.db
    .selectFrom('tenants')
    .select(['id', 'warehouse_location'])
    .where((eb) => eb.or([eb('id', '=', input.id), eb('warehouse_location', '=', input.warehouseLocation)]))
    .execute();
  if (clash.some((t) => t.id === input.id))
    throw fieldError('conflict', 'id', 'exists', 'A tenant with this id exists.');
  if (clash.length > 0) {
    throw fieldError('conflict', 'warehouseLocation', 'taken', 'Another tenant already uses this warehouse location.');
  }
  const tenant = await ctx.db
    .insertInto('tenants')
    .values({
      id: input.id,
      partner_id: input.partnerId,
      name: input.name,
      warehouse_location: input.warehouseLocation,
      reporting_currency: input.reportingCurrency,
      time_zone: input.timeZone,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  audit(ctx, {
    action: 'tenant.create',
    outcome: 'ok',
    partnerId: input.partnerId,
    tenantId: input.id,
    detail: { warehouseLocation: input.warehouseLocation },
  });
  return tenant;
}

export async function setTenantStatus(ctx: AdminContext, tenantId: string, status: 'active' | 'suspended') {
  const tenant = await ctx.db
    .updateTable('tenants')
    .set({ status, updated_at: ctx.clock() })
    .where('id', '=', tenantId)
    .returningAll()
    .executeTakeFirst();
  if (tenant === undefined) throw fieldError('not_found', 'tenantId', 'unknown_tenant', 'No such tenant.');
  await ctx.revocations.invalidate('tenant_status');
  audit(ctx, { action: 'tenant.status', outcome: 'ok', partnerId: tenant.partner_id, tenantId, detail: { status } });
  return tenant;
}

export async function mapConnector(ctx: AdminContext, input: z.infer<typeof S.connectorRequest>) {
  const tenant = await ctx.db
    .selectFrom('tenants')
    .select('partner_id')
    .where('id', '=', input.tenantId)
    .executeTakeFirst();
  if (tenant === undefined) throw fieldError('validation_failed', 'tenantId', 'unknown_tenant', 'No such tenant.');
  await ctx.db
    .insertInto('tenant_connectors')
    .values({ external_id: input.externalId, kind: input.kind, tenant_id: input.tenantId })
    .onConflict((oc) => oc.column('external_id').doUpdateSet({ kind: input.kind, tenant_id: input.tenantId }))
    .execute();
  audit(ctx, {
    action: 'connector.map',
    outcome: 'ok',
    partnerId: tenant.partner_id,
    tenantId: input.tenantId,
    detail: { externalId: input.externalId, kind: input.kind },
  });
  return input;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Partner

function partnerOf(ctx: AdminContext): string {
  if (ctx.actor.kind !== 'partner_api_key')
    throw new MiqError('internal', { internal: 'partner action without partner' });
  return ctx.actor.partnerId;
}

export async function listPartnerTenants(ctx: AdminContext) {
  return ctx.db.selectFrom('tenants').selectAll().where('partner_id', '=', partnerOf(ctx)).orderBy('id').execute();
}

export async function updateTenantDisplay(
  ctx: AdminContext,
  tenantId: string,
  patch: z.infer<typeof S.tenantPatchRequest>,
) {
  const partnerId = partnerOf(ctx);
  if (patch.timeZone !== undefined && !isTimeZone(patch.timeZone)) {
    throw fieldError('validation_failed', 'timeZone', 'invalid_time_zone', 'Not an IANA time zone.');
  }
  const tenant = await ctx.db
    .updateTable('tenants')
    .set({
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.reportingCurrency === undefined ? {} : { reporting_currency: patch.reportingCurrency }),
      ...(patch.timeZone === undefined ? {} : { time_zone: patch.timeZone }),
      ...(patch.shownAccounts === undefined
        ? {}
        : { shown_accounts: patch.shownAccounts === null ? null : JSON.stringify(patch.shownAccounts) }),
      updated_at: ctx.clock(),
    })
    .where('id', '=', tenantId)
    .where('partner_id', '=', partnerId)
    .returningAll()
    .executeTakeFirst();
  // Another partner's tenant and an unknown one answer alike.
  if (tenant === undefined) throw fieldError('not_found', 'tenantId', 'unknown_tenant', 'No such tenant.');
  // Time zone and currency are part of the verified scope: cached verifications must not keep the old ones.
  await ctx.revocations.invalidate('tenant_display');
  audit(ctx, { action: 'tenant.update', outcome: 'ok', tenantId, detail: { fields: Object.keys(patch) } });
  return tenant;
}

const ASYMMETRIC: Record<Exclude<EmbedKeyAlgorithm, 'HS256'>, (jwk: JWK) => boolean> = {
  EdDSA: (j) => j.kty === 'OKP' && j.crv === 'Ed25519' && typeof j.x === 'string',
  ES256: (j) => j.kty === 'EC' && j.crv === 'P-256' && typeof j.x === 'string' && typeof j.y === 'string',
  RS256: (j) => j.kty === 'RSA' && typeof j.n === 'string' && typeof j.e === 'string',
};

async function publicMaterial(alg: Exclude<EmbedKeyAlgorithm, 'HS256'>, jwk: unknown): Promise<string> {
  if (jwk === undefined) throw fieldError('validation_failed', 'publicJwk', 'required', `${alg} keys need publicJwk.`);
  const j = jwk as JWK;
  if ('d' in j || 'p' in j || 'k' in j) {
    throw fieldError(
      'validation_failed',
      'publicJwk',
      'private_key',
      'Send the public key only; never the private key.',
    );
  }
  if (!ASYMMETRIC[alg](j)) {
    throw fieldError('validation_failed', 'publicJwk', 'unsupported', `This JWK is not a public key for ${alg}.`);
  }
  if (alg === 'RS256' && Math.floor((j.n!.length * 6) / 8) < 256) {
    throw fieldError('validation_failed', 'publicJwk.n', 'too_short', 'RSA keys must have at least 2048 bits.');
  }
  try {
    await importJWK({ ...j, alg }, alg);
  } catch {
    throw fieldError('validation_failed', 'publicJwk', 'invalid', 'The JWK cannot be imported.');
  }
  const { kty, crv, x, y, n, e } = j;
  return JSON.stringify(
    Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v !== undefined)),
  );
}

export async function createEmbedKey(
  ctx: AdminContext,
  input: z.infer<typeof S.embedKeyCreateRequest>,
  replacesKid: string | null = null,
) {
  const partnerId = partnerOf(ctx);
  const alg: EmbedKeyAlgorithm = input.alg === 'Ed25519' ? 'EdDSA' : input.alg;
  const kid = input.kid ?? `${partnerId}-${crypto.randomUUID().slice(0, 8)}`;
  let publicJwk: string | null = null;
  let sealed: string | null = null;
  let secret: string | undefined;
  if (alg === 'HS256') {
    if (input.publicJwk !== undefined) {
      throw fieldError('validation_failed', 'publicJwk', 'not_allowed', 'HS256 secrets are generated by the server.');
    }
    if (ctx.masterKey === undefined) {
      throw fieldError('validation_failed', 'alg', 'unavailable', 'HS256 keys need MIQ_MASTER_KEY on the server.');
    }
    secret = generateHmacSecret().text;
    sealed = await sealSecret(ctx.masterKey, new TextEncoder().encode(secret));
  } else {
    publicJwk = await publicMaterial(alg, input.publicJwk);
  }
  let row: EmbedKey;
  try {
    row = await ctx.db
      .insertInto('embed_keys')
      .values({
        kid,
        partner_id: partnerId,
        alg,
        public_jwk: publicJwk,
        secret_ciphertext: sealed,
        replaces_kid: replacesKid,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error)) throw fieldError('conflict', 'kid', 'exists', 'This kid is already registered.');
    throw error;
  }
  audit(ctx, {
    action: replacesKid ? 'embed_key.rotate' : 'embed_key.create',
    outcome: 'ok',
    detail: { kid, alg, replacesKid },
  });
  return { key: embedKeyView(row), ...(secret === undefined ? {} : { secret }) };
}

async function ownKey(ctx: AdminContext, kid: string): Promise<EmbedKey> {
  const key = await ctx.db
    .selectFrom('embed_keys')
    .selectAll()
    .where('kid', '=', kid)
    .where('partner_id', '=', partnerOf(ctx))
    .executeTakeFirst();
  if (key === undefined) throw fieldError('not_found', 'kid', 'unknown_key', 'No such embed key.');
  return key;
}

export async function listEmbedKeysOf(ctx: AdminContext) {
  const rows = await ctx.db
    .selectFrom('embed_keys')
    .selectAll()
    .where('partner_id', '=', partnerOf(ctx))
    .orderBy('created_at')
    .orderBy('kid')
    .execute();
  return rows.map(embedKeyView);
}

/** A successor key (same algorithm unless given); the old key stays active until revoked, so tokens overlap. */
export async function rotateEmbedKey(ctx: AdminContext, kid: string, input: z.infer<typeof S.embedKeyRotateRequest>) {
  const old = await ownKey(ctx, kid);
  if (old.status !== 'active') throw fieldError('conflict', 'kid', 'revoked', 'A revoked key cannot be rotated.');
  return createEmbedKey(ctx, { ...input, alg: input.alg ?? old.alg }, kid);
}

export async function revokeEmbedKeyOf(ctx: AdminContext, kid: string) {
  const key = await ownKey(ctx, kid);
  if (key.status === 'active') {
    await ctx.db
      .updateTable('embed_keys')
      .set({ status: 'revoked', revoked_at: ctx.clock() })
      .where('kid', '=', kid)
      .where('partner_id', '=', key.partner_id)
      .execute();
    await ctx.revocations.invalidate('key_revoked');
    audit(ctx, { action: 'embed_key.revoke', outcome: 'ok', detail: { kid } });
  }
  return embedKeyView(await ownKey(ctx, kid));
}

export async function setJwksUrl(ctx: AdminContext, url: string | null) {
  const partnerId = partnerOf(ctx);
  if (url !== null) {
    const problem = validateJwksUrl(url, ctx.jwksTestAllowHosts);
    if (problem !== undefined) {
      const messages = {
        invalid_url: 'Not a valid URL.',
        https_required: 'The JWKS URL must use https.',
        private_address: 'Private, loopback and internal addresses are not allowed.',
        credentials_in_url: 'The URL must not contain credentials.',
      } as const;
      throw fieldError('validation_failed', 'url', problem, messages[problem]);
    }
  }
  await ctx.db
    .updateTable('partners')
    .set({ jwks_url: url, updated_at: ctx.clock() })
    .where('id', '=', partnerId)
    .execute();
  await ctx.revocations.invalidate('jwks_changed');
  audit(ctx, { action: 'jwks.set', outcome: 'ok', detail: { url } });
  return { jwksUrl: url };
}

export async function getJwksUrl(ctx: AdminContext) {
  const p = await ctx.db.selectFrom('partners').select('jwks_url').where('id', '=', partnerOf(ctx)).executeTakeFirst();
  return { jwksUrl: p?.jwks_url ?? null };
}

export async function listOrigins(ctx: AdminContext) {
  const rows = await ctx.db
    .selectFrom('partner_origins')
    .select('origin')
    .where('partner_id', '=', partnerOf(ctx))
    .orderBy('origin')
    .execute();
  return { origins: rows.map((r) => r.origin) };
}

export async function setOrigins(ctx: AdminContext, origins: readonly string[]) {
  const partnerId = partnerOf(ctx);
  const unique = [...new Set(origins.map((o) => o.toLowerCase()))];
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('partner_origins').where('partner_id', '=', partnerId).execute();
    if (unique.length > 0) {
      await trx
        .insertInto('partner_origins')
        .values(unique.map((origin) => ({ partner_id: partnerId, origin })))
        .execute();
    }
  });
  ctx.onOriginsChanged?.();
  audit(ctx, { action: 'origins.set', outcome: 'ok', detail: { origins: unique } });
  return { origins: unique.sort() };
}

export async function listAudit(ctx: AdminContext, q: z.infer<typeof S.auditQuery>) {
  let query = ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('partner_id', '=', partnerOf(ctx))
    .orderBy('id', 'desc')
    .limit(q.limit + 1);
  if (q.cursor !== undefined) query = query.where('id', '<', q.cursor);
  if (q.tenant !== undefined) query = query.where('tenant_id', '=', q.tenant);
  if (q.action !== undefined) query = query.where('action', '=', q.action);
  const rows = await query.execute();
  const page = rows.slice(0, q.limit);
  return {
    entries: page.map((r) => ({
      id: String(r.id),
      at: r.at.toISOString(),
      actorKind: r.actor_kind,
      tenantId: r.tenant_id,
      subject: r.subject,
      jti: r.jti,
      action: r.action,
      route: r.route,
      dashboard: r.dashboard,
      outcome: r.outcome,
      detail: r.detail === null ? null : (JSON.parse(r.detail) as unknown),
      uses: r.uses,
      lastAt: r.last_at === null ? null : r.last_at.toISOString(),
    })),
    nextCursor: rows.length > q.limit ? String(page[page.length - 1]!.id) : null,
  };
}

/** Finds the active partner of an API key (by hash); undefined when unknown, revoked, or the partner is suspended. */
export async function partnerForApiKey(db: Kysely<AppDatabase>, key: string): Promise<string | undefined> {
  const hash = await sha256Hex(key);
  const row = await db
    .selectFrom('partner_api_keys as k')
    .innerJoin('partners as p', 'p.id', 'k.partner_id')
    .select(['k.partner_id', 'k.status', 'p.status as partner_status'])
    .where('k.key_hash', '=', hash)
    .executeTakeFirst();
  if (row === undefined || row.status !== 'active' || row.partner_status !== 'active') return undefined;
  return row.partner_id;
}
