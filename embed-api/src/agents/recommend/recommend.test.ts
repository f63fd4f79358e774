import { describe, expect, it } from 'vitest';
import type { Finding } from '../schemas.js';
import { rankFindings } from './recommend.js';

const f = (id: string, rule: string, impact: number | null, severity: Finding['severity'] = 'medium'): Finding =>
  ({
    id,
    agent: 'search-terms',
    rule,
    severity,
    entity: { member: 'm', value: id, label: id },
    title: id,
    evidence: { numbers: {}, query: {} },
    action: '',
    impact,
    currency: 'USD',
  }) as unknown as Finding;

describe('rankFindings', () => {
  it("puts each rule's strongest estimated finding first, then the rest by impact, unestimated last by severity", () => {
    const ranked = rankFindings([
      f('neg-3', 'negative', 300),
      f('missed-1', 'missed', 100),
      f('neg-1', 'negative', 900),
      f('low-click', 'click', null, 'low'),
      f('neg-2', 'negative', 500),
      f('unsub', 'unsub', null, 'high'),
      f('missed-2', 'missed', 50),
    ]);
    expect(ranked.map((x) => x.id)).toEqual(['neg-1', 'missed-1', 'neg-2', 'neg-3', 'missed-2', 'unsub', 'low-click']);
  });

  it('is plain impact order when one rule fired', () => {
    expect(rankFindings([f('a', 'r', 1), f('b', 'r', 3), f('c', 'r', 2)]).map((x) => x.id)).toEqual(['b', 'c', 'a']);
  });
});
