import { describe, expect, it } from 'vitest';
import { assertDashboardAllowed, dashboardMembersResolver } from './dashboards.js';
import { scopeKey } from './scope-key.js';
import type { TenantScope } from './tenant-scope.js';

const base: TenantScope = {
  tenantId: 'acme',
  warehouseLocation: 'acme-dir',
  timeZone: 'UTC',
  reportingCurrency: 'USD',
  lockedFilters: { 'account.id': ['2', '1'], 'platform.code': ['meta'] },
};

describe('scopeKey', () => {
  it('is the same for the same scope in any order, and differs when anything that changes data differs', () => {
    const reordered: TenantScope = { ...base, lockedFilters: { 'platform.code': ['meta'], 'account.id': ['1', '2'] } };
    expect(scopeKey(reordered)).toBe(scopeKey(base));
    const variants: TenantScope[] = [
      { ...base, tenantId: 'zenith' },
      { ...base, warehouseLocation: 'other' },
      { ...base, timeZone: 'Europe/Berlin' },
      { ...base, reportingCurrency: 'EUR' },
      { ...base, lockedFilters: { 'account.id': ['1'] } },
      { ...base, lockedFilters: { 'account.id': ['1', '2'] } },
      { ...base, lockedFilters: {} },
      { ...base, allowedMembers: new Set(['ads.spend']) },
      // A value that contains the separator of a naive join must not collide.
      { ...base, lockedFilters: { 'account.id': ['1,2'], 'platform.code': ['meta'] } },
    ];
    const keys = new Set([scopeKey(base), ...variants.map(scopeKey)]);
    expect(keys.size).toBe(variants.length + 1);
  });
});

describe('dashboards claim', () => {
  it('grants every member for ["*"], the union of named dashboards’ members otherwise, nothing for unknown ones', () => {
    const resolve = dashboardMembersResolver((id) => ({ a: ['ads.spend', 'campaign.name'], b: ['ga4.sessions'] })[id]);
    expect(resolve(['*'])).toBeUndefined();
    expect([...(resolve(['a', 'b']) ?? [])].sort()).toEqual(['ads.spend', 'campaign.name', 'ga4.sessions']);
    expect([...(resolve(['nope']) ?? ['x'])]).toEqual([]);
    expect([...(dashboardMembersResolver()(['google-ads']) ?? ['x'])]).toEqual([]);
  });

  it('bounds the dashboard routes', () => {
    expect(() => assertDashboardAllowed(['*'], 'google-ads')).not.toThrow();
    expect(() => assertDashboardAllowed(['meta-ads'], 'meta-ads')).not.toThrow();
    expect(() => assertDashboardAllowed(['meta-ads'], 'google-ads')).toThrow(/not allowed/);
  });
});
