/**
 * The one error type the API throws on purpose. `code` is stable (clients branch on it), `status` is the HTTP status,
 * `details` names each offending field. `internal` is for logs only and never reaches a client.
 *
 * @example
 * throw new MiqError('validation_failed', { details: [{ field: 'measures[0]', code: 'unknown_member', message: 'Unknown member "ads.spnd"' }] });
 */
import { ERROR_CATALOG, type ErrorCode } from './messages.js';

export interface FieldProblem {
  /** JSON path of the offending field, e.g. `filters[1].values[0]` or `timeDimension.dateRange`. */
  readonly field: string;
  /** Stable machine-readable problem code, e.g. `unknown_member`, `invalid_operator`. */
  readonly code: string;
  /** Human-readable message; never contains SQL, stack traces or secrets. */
  readonly message: string;
}

export interface MiqErrorOptions {
  readonly message?: string;
  readonly details?: readonly FieldProblem[];
  /** Logged server-side only (SQL, driver messages, causes). */
  readonly internal?: unknown;
  /** Extra headers for the response, e.g. Retry-After. */
  readonly headers?: Readonly<Record<string, string>>;
}

export class MiqError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: readonly FieldProblem[];
  readonly internal: unknown;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: ErrorCode, options: MiqErrorOptions = {}) {
    const entry = ERROR_CATALOG[code];
    super(options.message ?? entry.message);
    this.name = 'MiqError';
    this.code = code;
    this.status = entry.status;
    this.details = options.details ?? [];
    this.internal = options.internal;
    this.headers = options.headers ?? {};
  }

  /** The JSON body a client sees: `{ error: { code, message, details } }`. */
  toJSON(): ErrorBody {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details: readonly FieldProblem[] };
}

/**
 * Collects every problem before throwing once, so a client sees all bad fields in one response.
 *
 * @example
 * const problems = new ProblemCollector();
 * if (!known) problems.add('measures[0]', 'unknown_member', 'Unknown member "x"');
 * problems.throwIfAny();
 */
export class ProblemCollector {
  readonly #problems: FieldProblem[] = [];

  add(field: string, code: string, message: string): void {
    this.#problems.push({ field, code, message });
  }

  get size(): number {
    return this.#problems.length;
  }

  get problems(): readonly FieldProblem[] {
    return this.#problems;
  }

  throwIfAny(code: ErrorCode = 'validation_failed'): void {
    if (this.#problems.length > 0) throw new MiqError(code, { details: [...this.#problems] });
  }
}
