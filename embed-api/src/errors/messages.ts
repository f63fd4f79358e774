/**
 * Every error code the API can answer with, its HTTP status and its default client-facing message.
 * Messages live here, in one place; call sites pass details, not prose.
 */
export const ERROR_CATALOG = {
  validation_failed: { status: 400, message: 'The request is not valid. See details for each offending field.' },
  malformed_json: { status: 400, message: 'The request body is not valid JSON.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  unsupported_media_type: { status: 415, message: 'Send the request body as application/json.' },
  unauthenticated: { status: 401, message: 'A valid tenant token is required.' },
  token_expired: { status: 401, message: 'The token has expired.' },
  forbidden: { status: 403, message: 'This token is not allowed to do that.' },
  not_found: { status: 404, message: 'Not found.' },
  method_not_allowed: { status: 405, message: 'Method not allowed.' },
  conflict: { status: 409, message: 'The request conflicts with the current state.' },
  rate_limited: { status: 429, message: 'Too many requests. Retry after the time given in Retry-After.' },
  query_timeout: { status: 504, message: 'The query took too long and was cancelled.' },
  client_closed: { status: 499, message: 'The client closed the request.' },
  warehouse_unavailable: { status: 503, message: 'The data warehouse is not available right now. Try again shortly.' },
  internal: { status: 500, message: 'Something went wrong on our side. It has been logged.' },
} as const satisfies Record<string, { readonly status: number; readonly message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;
