import type { TenantScope } from './tenant-scope.js';

/**
 * A canonical string for everything in a `TenantScope` that changes what a query may return: tenant, warehouse
 * location, time zone, reporting currency, locked filters (members and values sorted) and allowed members. Two scopes
 * with the same key see exactly the same data, so every cache (results, filter options, schema) must include it.
 *
 * @example
 * const key = `metrics:${scopeKey(c.var.auth.scope)}:${hash(normalizedQuery)}`;
 */
export function scopeKey(scope: TenantScope): string {
  const locks = Object.keys(scope.lockedFilters)
    .sort()
    .map((member) => [member, [...(scope.lockedFilters[member] ?? [])].sort()]);
  const allowed = scope.allowedMembers === undefined ? '*' : [...scope.allowedMembers].sort();
  return JSON.stringify([
    'v1',
    scope.tenantId,
    scope.warehouseLocation,
    scope.timeZone,
    scope.reportingCurrency,
    locks,
    allowed,
  ]);
}
