/**
 * Encrypts stored secrets (HS256 embed keys) at rest with AES-256-GCM under the operator's master key, using only
 * WebCrypto so every runtime can run it. Format: `v1.<iv base64url>.<ciphertext+tag base64url>`.
 *
 * @example
 * const sealed = await sealSecret(masterKeyB64, secretBytes);
 * const bytes = await openSecret(masterKeyB64, sealed);
 */
const VERSION = 'v1';

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replaceAll('-', '+').replaceAll('_', '/');
  return fromBase64(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
}

async function importMasterKey(masterKeyB64: string): Promise<CryptoKey> {
  const raw = fromBase64(masterKeyB64);
  if (raw.length !== 32) throw new Error('master key must be 32 bytes');
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export async function sealSecret(masterKeyB64: string, secret: Uint8Array): Promise<string> {
  const key = await importMasterKey(masterKeyB64);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new Uint8Array(secret)));
  return `${VERSION}.${toBase64Url(iv)}.${toBase64Url(ciphertext)}`;
}

export async function openSecret(masterKeyB64: string, sealed: string): Promise<Uint8Array> {
  const [version, iv, ciphertext] = sealed.split('.');
  if (version !== VERSION || iv === undefined || ciphertext === undefined) throw new Error('unknown sealed format');
  const key = await importMasterKey(masterKeyB64);
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64Url(iv) }, key, fromBase64Url(ciphertext));
  return new Uint8Array(plain);
}
