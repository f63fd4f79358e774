/**
 * `@miq/sdk-js/node`: server-side only — token minting with your private embed key, and the partner admin client.
 * Refuses to load in a browser: a bundler's `browser` condition resolves `./browser.ts`, which throws.
 *
 * @example
 * import { createEmbedToken } from '@miq/sdk-js/node';
 */
if (typeof window !== 'undefined' && typeof document !== 'undefined') {
  throw new Error('@miq/sdk-js/node holds signing keys and must never run in a browser. Mint tokens in your back end.');
}

export type { AdminClientOptions, MiqAdminClient } from './admin-client.js';
export { createAdminClient } from './admin-client.js';
export type { EmbedAlgorithm, EmbedSigningKey, EmbedTokenOptions } from './embed-token.js';
export { createEmbedToken } from './embed-token.js';
