import { createPrivateKey, KeyObject, randomUUID } from 'node:crypto';
import { type JWK, SignJWT } from 'jose';
import { type MiqFieldProblem, MiqValidationError } from '../errors/index.js';

/** Algorithms the API accepts for embed keys. `Ed25519` is accepted as an alias and signed as `EdDSA`. */
export type EmbedAlgorithm = 'EdDSA' | 'Ed25519' | 'ES256' | 'RS256' | 'HS256';

/** A private key as a JWK, a PKCS#8 PEM string, a Node `KeyObject`, a WebCrypto `CryptoKey`, or an HS256 secret. */
export type EmbedSigningKey = JWK | string | KeyObject | CryptoKey | Uint8Array;

export interface EmbedTokenOptions {
  /** Becomes `iss`. */
  readonly partnerId: string;
  /** The embed key id registered with Marketing IQ (JWS header `kid`). */
  readonly kid: string;
  readonly key: EmbedSigningKey;
  /** Inferred from the key when omitted; must match the key when given. */
  readonly alg?: EmbedAlgorithm;
  readonly tenant: string;
  /** End user id in your app (`sub`). */
  readonly subject: string;
  /** Dashboards this token may open; `['*']` for all. */
  readonly dashboards: readonly string[];
  /** Locked row filters, ANDed into every query: `{ 'account.id': ['123'] }`. */
  readonly filters?: Readonly<Record<string, readonly string[]>>;
  /** Lifetime in seconds or as `'15m'`, `'2h'`, `'30s'`; default 15 minutes, at most 24 hours. */
  readonly ttl?: number | string;
  readonly origin?: string;
  readonly locale?: string;
  readonly currency?: string;
  readonly theme?: string | Readonly<Record<string, unknown>>;
  /** Explicit catalog members this token may query (otherwise those its dashboards use). */
  readonly scope?: readonly string[];
  /** Issue time, for tests; default now. */
  readonly now?: Date | number;
}

const MAX_TTL_S = 24 * 3600;
const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Mints a short-lived tenant token in your back end. Never ship the key to a browser.
 *
 * @example
 * const token = await createEmbedToken({ partnerId: 'acme', kid: 'acme-2026-01', key: privateJwk, tenant: 'rare-seeds',
 *   subject: user.id, dashboards: ['google-ads'], filters: { 'account.id': ['1234567890'] }, ttl: '15m', origin: 'https://app.acme.com' });
 */
export async function createEmbedToken(options: EmbedTokenOptions): Promise<string> {
  const problems: MiqFieldProblem[] = [];
  const bad = (field: string, code: string, message: string) => problems.push({ field, code, message });
  const o = options;
  for (const field of ['partnerId', 'kid', 'tenant', 'subject'] as const) {
    if (typeof o[field] !== 'string' || o[field].trim() === '')
      bad(field, 'required', `${field} must be a non-empty string`);
  }
  if (!Array.isArray(o.dashboards) || o.dashboards.length === 0 || !o.dashboards.every(isText)) {
    bad('dashboards', 'invalid', "dashboards must be a non-empty array of dashboard ids (['*'] for all)");
  }
  const filters = o.filters ?? {};
  if (typeof filters !== 'object' || Array.isArray(filters)) bad('filters', 'invalid', 'filters must be an object');
  else
    for (const [member, values] of Object.entries(filters)) {
      if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string')) {
        bad(`filters.${member}`, 'invalid', 'each locked filter is a non-empty array of strings (ids are strings)');
      }
    }
  if (o.scope !== undefined && (!Array.isArray(o.scope) || !o.scope.every(isText))) {
    bad('scope', 'invalid', 'scope must be an array of catalog member names');
  }
  if (o.origin !== undefined && !/^https?:\/\/[^/\s]+$/.test(o.origin)) {
    bad('origin', 'invalid', 'origin must be a scheme and host like https://app.example.com (no path)');
  }
  if (o.currency !== undefined && !/^[A-Z]{3}$/.test(o.currency)) {
    bad('currency', 'invalid', 'currency must be an ISO 4217 code like EUR');
  }
  const ttl = parseTtl(o.ttl ?? 900);
  if (ttl === undefined) bad('ttl', 'invalid', "ttl must be a positive number of seconds or a string like '15m'");
  else if (ttl > MAX_TTL_S) bad('ttl', 'too_long', 'ttl must be at most 24 hours');
  const resolved = problems.length === 0 ? resolveKey(o.key, o.alg, bad) : undefined;
  if (problems.length > 0 || !resolved || ttl === undefined) {
    throw new MiqValidationError({
      code: 'validation_failed',
      message: 'Invalid embed token options.',
      details: problems,
    });
  }

  const iat = Math.floor((o.now === undefined ? Date.now() : Number(o.now)) / 1000);
  const claims: Record<string, unknown> = { tenant: o.tenant, dashboards: [...o.dashboards], filters };
  for (const name of ['origin', 'locale', 'currency', 'theme', 'scope'] as const) {
    if (o[name] !== undefined) claims[name] = o[name];
  }
  return new SignJWT(claims)
    .setProtectedHeader({ alg: resolved.alg, kid: o.kid, typ: 'miq-embed+jwt' })
    .setIssuer(o.partnerId)
    .setAudience('marketing-iq')
    .setSubject(o.subject)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + ttl)
    .setJti(randomUUID())
    .sign(resolved.key);
}

function isText(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

function parseTtl(ttl: number | string): number | undefined {
  if (typeof ttl === 'number') return Number.isFinite(ttl) && ttl > 0 ? Math.floor(ttl) : undefined;
  const m = /^\s*(\d+)\s*([smhd])\s*$/.exec(String(ttl));
  if (!m) return undefined;
  const seconds = Number(m[1]) * (UNITS[m[2] as string] as number);
  return seconds > 0 ? seconds : undefined;
}

type Bad = (field: string, code: string, message: string) => void;

function resolveKey(
  key: EmbedSigningKey,
  alg: EmbedAlgorithm | undefined,
  bad: Bad,
): { key: JWK | KeyObject | CryptoKey | Uint8Array; alg: EmbedAlgorithm } | undefined {
  let inferred: EmbedAlgorithm | undefined;
  let material: JWK | KeyObject | CryptoKey | Uint8Array;
  if (typeof key === 'string' && key.includes('-----BEGIN')) {
    try {
      material = createPrivateKey(key);
    } catch {
      bad('key', 'invalid', 'key is not a readable PKCS#8/PEM private key');
      return undefined;
    }
    inferred = fromKeyObject(material);
  } else if (typeof key === 'string' || key instanceof Uint8Array) {
    material = typeof key === 'string' ? new TextEncoder().encode(key) : key;
    if (material.byteLength < 32) {
      bad('key', 'too_short', 'an HS256 secret must be at least 32 bytes');
      return undefined;
    }
    inferred = 'HS256';
  } else if (key instanceof KeyObject) {
    material = key;
    inferred = fromKeyObject(key);
  } else if (isCryptoKey(key)) {
    material = key;
    const name = key.algorithm.name;
    inferred = name === 'Ed25519' ? 'EdDSA' : name === 'ECDSA' ? 'ES256' : name === 'HMAC' ? 'HS256' : 'RS256';
  } else if (key && typeof key === 'object' && typeof (key as JWK).kty === 'string') {
    const jwk = key as JWK;
    material = jwk;
    if (jwk.kty !== 'oct' && jwk.d === undefined) {
      bad('key', 'public_key', 'key must be the PRIVATE key (a JWK with "d")');
      return undefined;
    }
    inferred =
      jwk.kty === 'OKP' && jwk.crv === 'Ed25519'
        ? 'EdDSA'
        : jwk.kty === 'EC' && jwk.crv === 'P-256'
          ? 'ES256'
          : jwk.kty === 'RSA'
            ? 'RS256'
            : jwk.kty === 'oct'
              ? 'HS256'
              : undefined;
  } else {
    bad('key', 'invalid', 'key must be a JWK, a PEM string, a KeyObject, a CryptoKey or an HS256 secret');
    return undefined;
  }
  if (inferred === undefined) {
    bad('key', 'unsupported', 'supported keys: Ed25519, P-256 (ES256), RSA (RS256), HS256 secrets');
    return undefined;
  }
  const wanted = alg === 'Ed25519' ? 'EdDSA' : alg;
  if (wanted !== undefined && wanted !== inferred) {
    bad('alg', 'mismatch', `alg ${alg} does not fit this key (${inferred})`);
    return undefined;
  }
  return { key: material, alg: inferred };
}

function fromKeyObject(k: KeyObject): EmbedAlgorithm | undefined {
  if (k.type === 'secret') return 'HS256';
  if (k.type === 'public') return undefined;
  const t = k.asymmetricKeyType;
  if (t === 'ed25519') return 'EdDSA';
  if (t === 'rsa') return 'RS256';
  if (t === 'ec') return k.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? 'ES256' : undefined;
  return undefined;
}

function isCryptoKey(k: unknown): k is CryptoKey {
  return typeof CryptoKey !== 'undefined' && k instanceof CryptoKey;
}
