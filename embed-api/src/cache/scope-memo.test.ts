import { describe, expect, it } from 'vitest';
import type { TenantScope } from '../semantic/scope.js';
import { createScopeMinuteMemo } from './scope-memo.js';

const scope = (tenantId: string, lockedFilters: TenantScope['lockedFilters'] = {}): TenantScope => ({
  tenantId,
  warehouseLocation: tenantId,
  timeZone: 'UTC',
  reportingCurrency: 'USD',
  lockedFilters,
});

describe('scope × minute memo', () => {
  it('remembers per scope object, body text and minute; never across scopes; throws are not remembered', () => {
    const memo = createScopeMinuteMemo<string>({ maxBodyChars: 100 });
    let runs = 0;
    const work = (label: string) => () => `${label}#${++runs}`;
    const a = scope('a');
    const aLocked = scope('a', { 'account.id': ['1'] });
    const b = scope('b');
    const t = new Date('2026-11-25T10:00:05Z');
    expect(memo(a, { q: 1 }, t, work('a'))).toBe('a#1');
    expect(memo(a, { q: 1 }, new Date('2026-11-25T10:00:59Z'), work('a'))).toBe('a#1');
    expect(memo(aLocked, { q: 1 }, t, work('aLocked'))).toBe('aLocked#2');
    expect(memo(b, { q: 1 }, t, work('b'))).toBe('b#3');
    expect(memo(a, { q: 2 }, t, work('a2'))).toBe('a2#4');
    // The next minute: computed again (the tenant-local date may have changed).
    expect(memo(a, { q: 1 }, new Date('2026-11-25T10:01:00Z'), work('a'))).toBe('a#5');
    // A throw is not remembered; a body over the bound is computed every time.
    expect(() =>
      memo(a, { bad: true }, t, () => {
        throw new Error('bad body');
      }),
    ).toThrow('bad body');
    expect(memo(a, { bad: true }, t, work('fixed'))).toBe('fixed#6');
    const big = { text: 'x'.repeat(200) };
    expect(memo(a, big, t, work('big'))).toBe('big#7');
    expect(memo(a, big, t, work('big'))).toBe('big#8');
  });
});
