/**
 * Partner API keys (admin API) and the operator token: random, high-entropy bearer secrets of which only a SHA-256
 * hash is stored. A key is shown once, when created. (A salted slow hash is not needed: the keys carry 256 bits of
 * randomness, so the hash cannot be brute-forced, and a fast hash keeps lookups by hash possible.)
 *
 * @example
 * const { key, prefix, hash } = await generatePartnerApiKey();
 * // store prefix + hash; give `key` to the partner once
 */
export const PARTNER_API_KEY_PREFIX = 'miq_pk_';
export const OPERATOR_TOKEN_PREFIX = 'miq_op_';

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** Lowercase hex SHA-256 of a UTF-8 string. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Compares two equal-length strings in time independent of where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export interface GeneratedSecret {
  /** The full secret: shown once, never stored. */
  readonly key: string;
  /** Non-secret start of the key, shown in listings so a partner can tell keys apart. */
  readonly prefix: string;
  readonly hash: string;
}

async function generate(prefix: string): Promise<GeneratedSecret> {
  const key = `${prefix}${base64Url(crypto.getRandomValues(new Uint8Array(32)))}`;
  return { key, prefix: key.slice(0, prefix.length + 6), hash: await sha256Hex(key) };
}

export const generatePartnerApiKey = () => generate(PARTNER_API_KEY_PREFIX);
export const generateOperatorToken = () => generate(OPERATOR_TOKEN_PREFIX);

/** 32 random bytes, base64url: a server-generated HS256 embed secret. */
export function generateHmacSecret(): { readonly bytes: Uint8Array; readonly text: string } {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return { bytes, text: base64Url(bytes) };
}
