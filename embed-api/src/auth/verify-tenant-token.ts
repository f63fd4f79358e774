import { decodeJwt, decodeProtectedHeader, importJWK, type JWK, errors as joseErrors, jwtVerify } from 'jose';
import type { Kysely } from 'kysely';
import { type EmbedKeyWithPartner, findEmbedKey } from '../app-db/embed-keys.js';
import { findPartner } from '../app-db/partners.js';
import type { AppDatabase, Tenant } from '../app-db/schema.js';
import { findTenant } from '../app-db/tenants.js';
import type { TokenPolicy } from '../config/index.js';
import { MiqError, type TokenProblem, tokenError } from '../errors/index.js';
import { type TenantClaims, tenantClaimsSchema } from './claims.js';
import { type DashboardMembersResolver, dashboardMembersResolver } from './dashboards.js';
import type { JwksKeyStore } from './jwks.js';
import { createLocalRevocationBus, type RevocationBus } from './revocation.js';
import { openSecret } from './secret-box.js';
import type { TenantScope } from './tenant-scope.js';

/** A token that passed every check, and what it grants. */
export interface VerifiedTenantToken {
  readonly partnerId: string;
  readonly kid: string;
  readonly claims: TenantClaims;
  readonly tenant: Tenant;
  readonly scope: TenantScope;
}

export interface TokenVerifierDeps {
  readonly db: Kysely<AppDatabase>;
  readonly policy: TokenPolicy;
  readonly clock: () => Date;
  /** Decrypts stored HS256 secrets; HS256 keys are unusable without it. */
  readonly masterKey: string | undefined;
  /** Invalidates cached verifications on revocation (default: this instance only). */
  readonly revocations?: RevocationBus;
  /** Seconds a verified token is served from the cache (bounded by `exp`); 0 or absent = no cache. */
  readonly cacheSeconds?: number;
  /** Largest number of cached verifications (oldest dropped first). */
  readonly cacheSize?: number;
  /** Keys of partners that registered a JWKS URL (consulted when the `kid` is not a stored key). */
  readonly jwks?: JwksKeyStore;
  /** Members a `dashboards` claim grants (default: `["*"]` = all, named dashboards = their members). */
  readonly dashboardMembers?: DashboardMembersResolver;
  /** Whether a locked-filter member names a catalog dimension; when given, a lock on anything else is refused. */
  readonly isLockableMember?: (member: string) => boolean;
}

/** Verifies a compact JWS tenant token; throws a 401/403 `MiqError` naming the problem. */
export type TenantTokenVerifier = (token: string) => Promise<VerifiedTenantToken>;

interface CacheEntry {
  readonly result: VerifiedTenantToken;
  readonly generation: number;
  /** Epoch ms after which the entry is not used (min of `exp` + skew and the cache lifetime). */
  readonly until: number;
}

/** A stored key, or a JWKS key already imported. */
type ResolvedKey = EmbedKeyWithPartner & { readonly imported?: CryptoKey | Uint8Array };

/** Tokens are small; anything this long is refused before any parsing or database work. */
const MAX_TOKEN_LENGTH = 8192;
/** Hard ceiling for a partner's own lifetime setting (issue 6: configurable up to 24 h). */
const ABSOLUTE_MAX_LIFETIME_SECONDS = 24 * 3600;

function problemFromJose(error: unknown): TokenProblem | undefined {
  if (error instanceof joseErrors.JWTExpired) return 'expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return 'invalid_claims';
    switch (error.claim) {
      case 'aud':
        return 'wrong_audience';
      case 'iss':
        return 'wrong_issuer';
      case 'nbf':
      case 'iat':
        return 'not_yet_valid';
      case 'typ':
        return 'wrong_type';
      default:
        return 'invalid_claims';
    }
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'algorithm_mismatch';
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid) return 'malformed';
  return undefined;
}

/**
 * Builds the tenant-token verifier. The key is looked up by `kid` in the app database and fixes the algorithm (so
 * `none`, HS/RS confusion and algorithm downgrades are impossible); the key's partner must be the token's `iss` and
 * must own the token's `tenant`; the scope comes from the tenant row, never from the request.
 *
 * @example
 * const verify = createTenantTokenVerifier({ db, policy: config.tokens, clock: () => new Date(), masterKey });
 * const { scope } = await verify(bearerToken);
 */
export function createTenantTokenVerifier(deps: TokenVerifierDeps): TenantTokenVerifier {
  const { db, policy, clock } = deps;
  const revocations = deps.revocations ?? createLocalRevocationBus();
  const cacheMs = (deps.cacheSeconds ?? 0) * 1000;
  const cacheSize = deps.cacheSize ?? 50_000;
  const cache = new Map<string, CacheEntry>();
  const dashboardMembers = deps.dashboardMembers ?? dashboardMembersResolver();

  async function verificationKey(alg: string, publicJwk: string | null, sealed: string | null) {
    if (alg === 'HS256') {
      if (sealed === null || deps.masterKey === undefined) {
        throw new MiqError('internal', { internal: 'HS256 embed key present but MIQ_MASTER_KEY is not configured' });
      }
      return openSecret(deps.masterKey, sealed);
    }
    if (publicJwk === null) throw new MiqError('internal', { internal: `embed key without public JWK (${alg})` });
    const jwk = JSON.parse(publicJwk) as JWK;
    return importJWK({ ...jwk, alg }, alg);
  }

  /** A key from the JWKS of the partner named by the (not yet verified) `iss`; verification then checks it. */
  async function jwksKey(token: string, kid: string): Promise<ResolvedKey | undefined> {
    if (deps.jwks === undefined) return undefined;
    let iss: unknown;
    try {
      iss = (decodeJwt(token) as { iss?: unknown }).iss;
    } catch {
      return undefined;
    }
    if (typeof iss !== 'string' || iss.length > 63) return undefined;
    const partner = await findPartner(db, iss);
    if (partner?.jwks_url == null) return undefined;
    let found: Awaited<ReturnType<JwksKeyStore['get']>>;
    try {
      found = await deps.jwks.get(partner.jwks_url, kid);
    } catch (error) {
      throw tokenError('unknown_key', error);
    }
    if (found === undefined) return undefined;
    return {
      kid,
      partnerId: partner.id,
      alg: found.alg,
      publicJwk: null,
      secretCiphertext: null,
      status: 'active',
      partnerStatus: partner.status,
      partnerMaxLifetimeSeconds: partner.max_token_lifetime_seconds,
      imported: found.key,
    };
  }

  return async function verifyTenantToken(token: string): Promise<VerifiedTenantToken> {
    const generation = revocations.generation();
    if (cacheMs > 0) {
      const hit = cache.get(token);
      if (hit !== undefined) {
        if (hit.generation === generation && clock().getTime() <= hit.until) return hit.result;
        cache.delete(token);
      }
    }
    if (token.length > MAX_TOKEN_LENGTH || token.split('.').length !== 3) throw tokenError('malformed');

    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(token);
    } catch (error) {
      throw tokenError('malformed', error);
    }
    if (typeof header.alg !== 'string' || header.alg === 'none') throw tokenError('algorithm_mismatch');
    if (typeof header.typ !== 'string' || header.typ.replace(/^application\//i, '').toLowerCase() !== policy.type) {
      throw tokenError('wrong_type');
    }
    if (typeof header.kid !== 'string' || header.kid.length === 0 || header.kid.length > 128) {
      throw tokenError('missing_kid');
    }

    const key: ResolvedKey | undefined = (await findEmbedKey(db, header.kid)) ?? (await jwksKey(token, header.kid));
    if (key === undefined) throw tokenError('unknown_key');
    if (key.status !== 'active') throw tokenError('key_revoked');
    if (key.partnerStatus !== 'active') throw tokenError('partner_inactive');
    if (header.alg !== key.alg) throw tokenError('algorithm_mismatch');

    const now = clock();
    let payload: unknown;
    try {
      const verified = await jwtVerify(
        token,
        key.imported ?? (await verificationKey(key.alg, key.publicJwk, key.secretCiphertext)),
        {
          algorithms: [key.alg],
          audience: policy.audience,
          issuer: key.partnerId,
          typ: policy.type,
          clockTolerance: policy.clockSkewSeconds,
          currentDate: now,
          requiredClaims: ['exp', 'iat', 'sub', 'jti'],
        },
      );
      payload = verified.payload;
    } catch (error) {
      if (error instanceof MiqError) throw error;
      const problem = problemFromJose(error);
      if (problem === undefined) throw new MiqError('internal', { internal: error });
      throw tokenError(problem, error);
    }

    const parsed = tenantClaimsSchema.safeParse(payload);
    if (!parsed.success) throw tokenError('invalid_claims', parsed.error.issues);
    const claims = parsed.data;

    const nowSeconds = Math.floor(now.getTime() / 1000);
    if (claims.iat > nowSeconds + policy.clockSkewSeconds) throw tokenError('not_yet_valid');
    const maxLifetime = Math.min(
      key.partnerMaxLifetimeSeconds ?? policy.maxLifetimeSeconds,
      ABSOLUTE_MAX_LIFETIME_SECONDS,
    );
    if (claims.exp - claims.iat > maxLifetime) throw tokenError('lifetime_too_long');
    if (deps.isLockableMember !== undefined) {
      for (const member of Object.keys(claims.filters ?? {})) {
        if (!deps.isLockableMember(member)) throw tokenError('locked_filter_unknown');
      }
    }

    // Unknown and foreign tenants answer alike, so a partner cannot probe which tenant ids exist.
    const tenant = await findTenant(db, claims.tenant);
    if (tenant === undefined || tenant.partner_id !== key.partnerId) throw tokenError('tenant_not_owned');
    if (tenant.status !== 'active') throw tokenError('tenant_inactive');

    const allowed = claims.scope !== undefined ? new Set(claims.scope) : dashboardMembers(claims.dashboards);
    const scope: TenantScope = {
      tenantId: tenant.id,
      warehouseLocation: tenant.warehouse_location,
      timeZone: tenant.time_zone,
      reportingCurrency: tenant.reporting_currency,
      lockedFilters: Object.freeze({ ...(claims.filters ?? {}) }),
      ...(allowed === undefined ? {} : { allowedMembers: allowed }),
    };
    const result: VerifiedTenantToken = { partnerId: key.partnerId, kid: key.kid, claims, tenant, scope };
    if (cacheMs > 0) {
      if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
      const until = Math.min((claims.exp + policy.clockSkewSeconds) * 1000, now.getTime() + cacheMs);
      cache.set(token, { result, generation, until });
    }
    return result;
  };
}
