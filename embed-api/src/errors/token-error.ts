import { TOKEN_PROBLEMS, type TokenProblem } from './messages.js';
import { MiqError } from './miq-error.js';

/**
 * The error for a refused tenant token: 401 (`unauthenticated` / `token_expired`) or 403 (`forbidden`) with one
 * detail on the `authorization` field naming the problem.
 *
 * @example
 * throw tokenError('wrong_audience');
 */
export function tokenError(problem: TokenProblem, internal?: unknown): MiqError {
  const code =
    problem === 'expired'
      ? 'token_expired'
      : problem === 'tenant_not_owned' ||
          problem === 'tenant_inactive' ||
          problem === 'locked_filter_unknown' ||
          problem === 'origin_mismatch' ||
          problem === 'origin_not_registered'
        ? 'forbidden'
        : 'unauthenticated';
  return new MiqError(code, {
    details: [{ field: 'authorization', code: problem, message: TOKEN_PROBLEMS[problem] }],
    internal,
    headers: code === 'forbidden' ? {} : { 'WWW-Authenticate': 'Bearer realm="marketing-iq"' },
  });
}
