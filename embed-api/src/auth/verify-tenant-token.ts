import { decodeProtectedHeader, importJWK, type JWK, errors as joseErrors, jwtVerify } from 'jose';
import type { Kysely } from 'kysely';
import { findEmbedKey } from '../app-db/embed-keys.js';
import type { AppDatabase, Tenant } from '../app-db/schema.js';
import { findTenant } from '../app-db/tenants.js';
import type { TokenPolicy } from '../config/index.js';
import { MiqError, type TokenProblem, tokenError } from '../errors/index.js';
import { type TenantClaims, tenantClaimsSchema } from './claims.js';
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
}

/** Verifies a compact JWS tenant token; throws a 401/403 `MiqError` naming the problem. */
export type TenantTokenVerifier = (token: string) => Promise<VerifiedTenantToken>;

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

  return async function verifyTenantToken(token: string): Promise<VerifiedTenantToken> {
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

    const key = await findEmbedKey(db, header.kid);
    if (key === undefined) throw tokenError('unknown_key');
    if (key.status !== 'active') throw tokenError('key_revoked');
    if (key.partnerStatus !== 'active') throw tokenError('partner_inactive');
    if (header.alg !== key.alg) throw tokenError('algorithm_mismatch');

    const now = clock();
    let payload: unknown;
    try {
      const verified = await jwtVerify(token, await verificationKey(key.alg, key.publicJwk, key.secretCiphertext), {
        algorithms: [key.alg],
        audience: policy.audience,
        issuer: key.partnerId,
        typ: policy.type,
        clockTolerance: policy.clockSkewSeconds,
        currentDate: now,
        requiredClaims: ['exp', 'iat', 'sub', 'jti'],
      });
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

    // Unknown and foreign tenants answer alike, so a partner cannot probe which tenant ids exist.
    const tenant = await findTenant(db, claims.tenant);
    if (tenant === undefined || tenant.partner_id !== key.partnerId) throw tokenError('tenant_not_owned');
    if (tenant.status !== 'active') throw tokenError('tenant_inactive');

    const scope: TenantScope = {
      tenantId: tenant.id,
      warehouseLocation: tenant.warehouse_location,
      timeZone: tenant.time_zone,
      reportingCurrency: tenant.reporting_currency,
      lockedFilters: Object.freeze({ ...(claims.filters ?? {}) }),
      ...(claims.scope === undefined ? {} : { allowedMembers: new Set(claims.scope) }),
    };
    return { partnerId: key.partnerId, kid: key.kid, claims, tenant, scope };
  };
}
