export { MiqError, ProblemCollector } from './miq-error.js';
export type { ErrorBody, FieldProblem, MiqErrorOptions } from './miq-error.js';
export { ERROR_CATALOG } from './messages.js';
export type { ErrorCode } from './messages.js';
