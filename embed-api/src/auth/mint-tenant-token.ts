import { type CryptoKey, type JWK, type KeyObject, SignJWT } from 'jose';

/** Claims a partner puts in a tenant token (see README "Token claims"). */
export interface TenantTokenClaims {
  readonly sub: string;
  readonly tenant: string;
  readonly dashboards: readonly string[];
  readonly filters?: Readonly<Record<string, readonly string[]>>;
  readonly scope?: readonly string[];
  readonly origin?: string;
  readonly locale?: string;
  readonly currency?: string;
  readonly theme?: string;
}

/**
 * Mints a tenant token the way a partner's back end would (the demo and tests use it; partners use the SDK's
 * server-side helper or any JWT library).
 *
 * @example
 * const token = await mintTenantToken({ partnerId: 'demo-partner', kid, alg: 'EdDSA', key: privateKey,
 *   claims: { sub: 'demo-user', tenant: 'rare-seeds', dashboards: ['*'] } });
 */
export async function mintTenantToken(options: {
  readonly partnerId: string;
  readonly kid: string;
  readonly alg: string;
  readonly key: CryptoKey | KeyObject | JWK | Uint8Array;
  readonly claims: TenantTokenClaims;
  readonly lifetimeSeconds?: number;
  readonly now?: Date;
  readonly audience?: string;
}): Promise<string> {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ ...options.claims })
    .setProtectedHeader({ alg: options.alg, kid: options.kid, typ: 'miq-embed+jwt' })
    .setIssuer(options.partnerId)
    .setAudience(options.audience ?? 'marketing-iq')
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + (options.lifetimeSeconds ?? 3600))
    .setJti(crypto.randomUUID())
    .sign(options.key);
}
