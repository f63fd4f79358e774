/**
 * The scope part of every cache key: the security engineer's `scopeKey` (tenant, warehouse location, time zone,
 * reporting currency, locked filters with sorted values, allowed members).
 */
import { scopeKey } from '../auth/scope-key.js';
import type { TenantScope } from '../semantic/scope.js';

export function scopeKeyOf(scope: TenantScope): string {
  return scopeKey(scope);
}
