/**
 * A fast, dependency-free 64-bit FNV-1a hash (two 32-bit lanes) as 16 hex characters. Used for the catalog version;
 * not for security. No `node:crypto`, so the semantic layer bundles for Workers.
 *
 * @example hashString('abc') // '…16 hex chars…'
 */
export function hashString(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 13), 0x01000193) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}
