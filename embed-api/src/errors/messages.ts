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

/**
 * Why a tenant token was refused: the `code` of the single detail on a 401/403 (field `authorization`).
 * Precise enough for a partner's developer to fix their minting code; never echoes the token or key material.
 */
export const TOKEN_PROBLEMS = {
  missing: 'Send the tenant token as "Authorization: Bearer <token>".',
  malformed: 'The token is not a compact JWS (header.payload.signature).',
  wrong_type: 'The token header must have typ "miq-embed+jwt".',
  missing_kid: 'The token header must name its signing key in "kid".',
  unknown_key: 'No active embed key has this kid.',
  key_revoked: 'The embed key that signed this token has been revoked.',
  algorithm_mismatch: "The token's alg is not the algorithm registered for its key.",
  bad_signature: 'The token signature does not verify with the registered key.',
  wrong_issuer: 'The iss claim must be the partner id that owns the signing key.',
  wrong_audience: 'The aud claim must be "marketing-iq".',
  expired: 'The token has expired (exp is in the past).',
  not_yet_valid: 'The token is not valid yet (nbf or iat is in the future).',
  lifetime_too_long: 'exp - iat exceeds the maximum token lifetime.',
  invalid_claims: 'A required claim is missing or has the wrong type.',
  partner_inactive: 'The partner that issued this token is not active.',
  tenant_not_owned: 'The tenant in this token does not belong to its issuer.',
  tenant_inactive: 'The tenant in this token is not active.',
  locked_filter_unknown: 'A locked filter in this token names no catalog dimension.',
  wrong_token_kind: 'This route takes a different kind of credential (tenant token vs partner API key).',
  origin_mismatch: "The request's Origin does not match the token's origin claim.",
  origin_not_registered: "The request's Origin is not registered for this partner.",
} as const satisfies Record<string, string>;

export type TokenProblem = keyof typeof TOKEN_PROBLEMS;
