import { importJWK, type JWK } from 'jose';
import type { EmbedKeyAlgorithm } from '../app-db/schema.js';
import type { JwksConfig } from '../config/index.js';

/** Why a JWKS URL was refused (the `code` of the 400 detail on field `url`). */
export type JwksUrlProblem = 'invalid_url' | 'https_required' | 'private_address' | 'credentials_in_url';

function ipv4Private(host: string): boolean {
  const parts = host.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return false;
  const [a, b] = parts as [number, number, number, number];
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}

/** True for loopback, private, link-local, unique-local, multicast, unspecified and IPv4-mapped private addresses. */
export function isPrivateAddress(address: string): boolean {
  const host = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) return ipv4Private(host);
  if (host.includes(':')) {
    if (host === '::' || host === '::1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
    if (mapped) return ipv4Private(mapped[1]!);
    if (/^::ffff:/.test(host)) return true;
    return /^(fc|fd|fe8|fe9|fea|feb|ff)/.test(host);
  }
  return false;
}

/** Host names that always mean this machine or an internal network. */
function internalName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || host.endsWith('.local');
}

/**
 * Checks a JWKS URL before it is stored or fetched: https only, no credentials, no literal private/loopback address
 * or internal name — unless its `host[:port]` is on the test-only allow-list. Names are also resolved at fetch time
 * (when the runtime can resolve) and refused if any address is private.
 *
 * @example
 * validateJwksUrl('https://auth.acme.com/.well-known/jwks.json', []); // undefined (fine)
 * validateJwksUrl('https://10.0.0.5/jwks.json', []); // 'private_address'
 */
export function validateJwksUrl(raw: string, testAllowHosts: readonly string[]): JwksUrlProblem | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'invalid_url';
  }
  if (raw.length > 2048) return 'invalid_url';
  if (url.username !== '' || url.password !== '') return 'credentials_in_url';
  if (testAllowHosts.includes(url.host.toLowerCase())) return undefined;
  if (url.protocol !== 'https:') return 'https_required';
  const host = url.hostname.toLowerCase();
  if (isPrivateAddress(host) || internalName(host)) return 'private_address';
  return undefined;
}

/** A key from a partner's JWKS, imported and bound to its algorithm. */
export interface JwksKey {
  readonly alg: Exclude<EmbedKeyAlgorithm, 'HS256'>;
  readonly key: CryptoKey | Uint8Array;
}

export interface JwksKeyStore {
  /** The key `kid` of the set at `url`, fetching (or refreshing, rate-limited) as needed; undefined when absent. */
  get(url: string, kid: string): Promise<JwksKey | undefined>;
}

export interface JwksKeyStoreDeps {
  readonly config: JwksConfig;
  readonly clock: () => Date;
  readonly fetch?: typeof fetch;
  /** Resolves a host name to addresses (Node: `dns.lookup`); without it only literal addresses are checked. */
  readonly resolveHost?: (host: string) => Promise<readonly string[]>;
}

/** The JWKS could not be used; logged, and the token is refused as `unknown_key`. */
export class JwksFetchError extends Error {
  override readonly name = 'JwksFetchError';
}

function algorithmOf(jwk: JWK): JwksKey['alg'] | undefined {
  if (
    jwk.kty === 'OKP' &&
    jwk.crv === 'Ed25519' &&
    (jwk.alg === undefined || jwk.alg === 'EdDSA' || jwk.alg === 'Ed25519')
  ) {
    return 'EdDSA';
  }
  if (jwk.kty === 'EC' && jwk.crv === 'P-256' && (jwk.alg === undefined || jwk.alg === 'ES256')) return 'ES256';
  if (jwk.kty === 'RSA' && (jwk.alg === undefined || jwk.alg === 'RS256')) return 'RS256';
  return undefined; // symmetric (`oct`) keys and anything else are never taken from a JWKS
}

async function readLimited(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new JwksFetchError(`JWKS larger than ${maxBytes} bytes`);
  const reader = response.body?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new JwksFetchError(`JWKS larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(all);
}

/**
 * Fetches and caches partners' JWKS. A set is used for `cacheSeconds`; a `kid` not in the cached set triggers a
 * refresh at most once per `minRefreshSeconds` per URL (so a flood of made-up kids cannot hammer the partner).
 * Fetches: no redirects, a time limit, a size limit, private addresses refused.
 *
 * @example
 * const store = createJwksKeyStore({ config: config.jwks, clock: () => new Date() });
 * const key = await store.get(partner.jwks_url, header.kid);
 */
export function createJwksKeyStore(deps: JwksKeyStoreDeps): JwksKeyStore {
  const { config, clock } = deps;
  const doFetch = deps.fetch ?? fetch;
  const sets = new Map<string, { keys: Map<string, JwksKey>; fetchedAt: number }>();
  const lastAttempt = new Map<string, number>();
  const inFlight = new Map<string, Promise<Map<string, JwksKey>>>();

  async function load(url: string): Promise<Map<string, JwksKey>> {
    const problem = validateJwksUrl(url, config.testAllowHosts);
    if (problem !== undefined) throw new JwksFetchError(`JWKS URL refused: ${problem}`);
    const parsed = new URL(url);
    if (deps.resolveHost !== undefined && !config.testAllowHosts.includes(parsed.host.toLowerCase())) {
      const addresses = await deps.resolveHost(parsed.hostname);
      if (addresses.some(isPrivateAddress)) throw new JwksFetchError('JWKS host resolves to a private address');
    }
    const response = await doFetch(url, {
      redirect: 'error',
      signal: AbortSignal.timeout(config.timeoutMs),
      headers: { accept: 'application/json' },
    });
    if (!response.ok) throw new JwksFetchError(`JWKS answered ${response.status}`);
    const body = JSON.parse(await readLimited(response, config.maxBytes)) as { keys?: unknown };
    if (!Array.isArray(body.keys)) throw new JwksFetchError('JWKS has no keys array');
    const keys = new Map<string, JwksKey>();
    for (const jwk of body.keys.slice(0, 100) as JWK[]) {
      if (typeof jwk !== 'object' || jwk === null || typeof jwk.kid !== 'string' || jwk.use === 'enc') continue;
      if ('d' in jwk) continue; // a private key published by mistake is never used
      const alg = algorithmOf(jwk);
      if (alg === undefined) continue;
      try {
        keys.set(jwk.kid, { alg, key: (await importJWK({ ...jwk, alg }, alg)) as CryptoKey });
      } catch {
        // an unusable key is skipped, like an unknown kid
      }
    }
    return keys;
  }

  async function refresh(url: string): Promise<Map<string, JwksKey>> {
    const running = inFlight.get(url);
    if (running) return running;
    lastAttempt.set(url, clock().getTime());
    const promise = load(url)
      .then((keys) => {
        sets.set(url, { keys, fetchedAt: clock().getTime() });
        return keys;
      })
      .finally(() => inFlight.delete(url));
    inFlight.set(url, promise);
    return promise;
  }

  return {
    async get(url, kid) {
      const now = clock().getTime();
      const cached = sets.get(url);
      if (cached !== undefined && now - cached.fetchedAt < config.cacheSeconds * 1000) {
        const key = cached.keys.get(kid);
        if (key !== undefined) return key;
      }
      const last = lastAttempt.get(url);
      if (last !== undefined && now - last < config.minRefreshSeconds * 1000) return undefined;
      return (await refresh(url)).get(kid);
    },
  };
}
