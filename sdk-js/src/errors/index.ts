/**
 * Typed errors. Every failure the client reports is a `MiqError` subclass with a stable `code` (the API's error code,
 * or one of the client's own: `network_error`, `timeout`, `aborted`, `token_expired`), the HTTP `status` (0 when no
 * response arrived) and per-field `details`.
 *
 * @example
 * try { await client.metrics(query); }
 * catch (e) { if (e instanceof MiqValidationError) for (const d of e.details) console.log(d.field, d.message); }
 */

/** One offending field, as the API names it: `{ field: 'measures[0]', code: 'unknown_member', message }`. */
export interface MiqFieldProblem {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

export interface MiqErrorInit {
  readonly code: string;
  readonly message: string;
  readonly status?: number;
  readonly details?: readonly MiqFieldProblem[];
  readonly cause?: unknown;
  readonly requestId?: string | undefined;
}

/** Base class of every error the SDK throws. */
export class MiqError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: readonly MiqFieldProblem[];
  /** The API's `X-Request-Id` for this response: quote it when reporting a problem. */
  readonly requestId: string | undefined;

  constructor(init: MiqErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.code = init.code;
    this.status = init.status ?? 0;
    this.details = init.details ?? [];
    this.requestId = init.requestId;
  }
}

/** 400/413/415/422: the request was refused; `details` names each bad field. */
export class MiqValidationError extends MiqError {}
/** 401: missing, invalid or expired token (`code` is `token_expired` for the latter). */
export class MiqAuthError extends MiqError {}
/** 403: the token is valid but not allowed to do this. */
export class MiqForbiddenError extends MiqError {}
/** 404: unknown dashboard, view, filter type... */
export class MiqNotFoundError extends MiqError {}
/** 5xx after retries were exhausted. */
export class MiqServerError extends MiqError {}
/** No response: DNS, connection refused, CORS, offline. */
export class MiqNetworkError extends MiqError {}
/** The call's `timeoutMs` elapsed (retries included). */
export class MiqTimeoutError extends MiqError {}
/** The caller's `AbortSignal` fired. */
export class MiqAbortError extends MiqError {}

/** 429 after retries were exhausted (or `Retry-After` was too long to wait). */
export class MiqRateLimitError extends MiqError {
  /** How long the server asked to wait, in milliseconds (undefined if it did not say). */
  readonly retryAfterMs: number | undefined;

  constructor(init: MiqErrorInit & { readonly retryAfterMs?: number | undefined }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** Maps an HTTP error response (status + parsed body) to the matching error class. */
export function errorFromResponse(
  status: number,
  body: unknown,
  retryAfterMs?: number,
  requestId?: string | undefined,
): MiqError {
  const e = (body as { error?: Partial<MiqErrorInit> } | undefined)?.error;
  const init = {
    status,
    code: typeof e?.code === 'string' ? e.code : `http_${status}`,
    message: typeof e?.message === 'string' ? e.message : `HTTP ${status}`,
    details: Array.isArray(e?.details) ? e.details : [],
    requestId,
  };
  if (status === 429) return new MiqRateLimitError({ ...init, retryAfterMs });
  const Class =
    status === 401
      ? MiqAuthError
      : status === 403
        ? MiqForbiddenError
        : status === 404
          ? MiqNotFoundError
          : status >= 500
            ? MiqServerError
            : status === 400 || status === 413 || status === 415 || status === 422
              ? MiqValidationError
              : MiqError;
  return new Class(init);
}
