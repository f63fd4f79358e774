/**
 * `@miq/sdk-js`: the typed client for the Marketing IQ embed API. Browser-safe (fetch, AbortController,
 * TextEncoder/TextDecoder, atob only). Token minting lives in `@miq/sdk-js/node`.
 *
 * @example
 * import { createClient, q, f, MiqValidationError } from '@miq/sdk-js';
 */

export type { CallOptions, ClientOptions, FilterOptionsParams, MiqClient } from './client/index.js';
export { createClient } from './client/index.js';
export type { MiqErrorInit, MiqFieldProblem } from './errors/index.js';
export {
  MiqAbortError,
  MiqAuthError,
  MiqError,
  MiqForbiddenError,
  MiqNetworkError,
  MiqNotFoundError,
  MiqRateLimitError,
  MiqServerError,
  MiqTimeoutError,
  MiqValidationError,
} from './errors/index.js';
export { f, q } from './query/index.js';
export type * from './types.js';
