export type { ErrorCode, TokenProblem } from './messages.js';
export { ERROR_CATALOG, TOKEN_PROBLEMS } from './messages.js';
export type { ErrorBody, FieldProblem, MiqErrorOptions } from './miq-error.js';
export { MiqError, ProblemCollector } from './miq-error.js';
export { tokenError } from './token-error.js';
