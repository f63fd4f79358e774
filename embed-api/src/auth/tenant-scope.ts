/**
 * What a verified tenant token lets a request read, built only from the tenant's row in the app database and the
 * token's locked filters, never from the request. The type is the semantic layer's, which consumes it.
 */
export type { TenantScope } from '../semantic/scope.js';
