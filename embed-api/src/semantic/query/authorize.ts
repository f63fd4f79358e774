/**
 * Stage 1b, authorize: the token's scope bounds the query. Members outside `allowedMembers` and locked filters that
 * cannot reach a fact the query reads are refused with 403 (fail closed); locked filters become dimension filters that
 * the planner ANDs into every fact.
 */
import { MiqError, ProblemCollector } from '../../errors/index.js';
import { canReach } from '../catalog/reach.js';
import type { Catalog, DimensionMember, Fact } from '../catalog/types.js';
import type { TenantScope } from '../scope.js';
import type { ResolvedFilter, ValidatedQuery } from './types.js';
import { filterMembers } from './validate.js';

export interface LockedFilter {
  readonly member: DimensionMember;
  readonly values: readonly string[];
}

/** Resolves the scope's locked filters; an unknown or non-dimension member fails closed. */
export function resolveLockedFilters(catalog: Catalog, scope: TenantScope): LockedFilter[] {
  const out: LockedFilter[] = [];
  for (const [name, values] of Object.entries(scope.lockedFilters)) {
    const member = catalog.members.get(name);
    if (member?.kind !== 'dimension') {
      throw new MiqError('forbidden', {
        details: [
          { field: 'token.filters', code: 'locked_filter_unknown', message: 'A locked filter names no dimension.' },
        ],
        internal: { lockedMember: name },
      });
    }
    out.push({ member, values: [...values] });
  }
  return out;
}

/** Facts whose members this scope may see: every locked member must reach the fact. */
export function factVisible(fact: Fact, locked: readonly LockedFilter[]): boolean {
  return locked.every((l) => canReach(fact, l.member));
}

/** Returns the locked filters and the facts the query reads. */
export function authorizeQuery(
  q: ValidatedQuery,
  catalog: Catalog,
  scope: TenantScope,
): { locked: LockedFilter[]; facts: string[] } {
  const problems = new ProblemCollector();
  const allowed = scope.allowedMembers;
  if (allowed) {
    const check = (name: string, field: string): void => {
      if (!allowed.has(name) && !name.startsWith('date.')) {
        problems.add(field, 'member_not_allowed', `This token may not query "${name}".`);
      }
    };
    for (const [i, m] of q.measures.entries()) check(m.member, `measures[${i}]`);
    for (const [i, d] of q.dimensions.entries()) check(d.key, `dimensions[${i}]`);
    const checkFilters = (list: readonly ResolvedFilter[]): void => {
      list.forEach((f) => {
        for (const m of filterMembers(f)) check(m.member, 'filters');
      });
    };
    checkFilters(q.dimensionFilters);
    checkFilters(q.measureFilters);
  }
  const locked = resolveLockedFilters(catalog, scope);
  const facts = new Set([...q.measures, ...q.hiddenMeasures].flatMap((m) => m.facts));
  if (facts.size === 0 && q.baseFacts.length > 0) {
    // Every fact the locks reach contributes the values that occur in it (their union is listed).
    const visible = q.baseFacts.filter((f) => {
      const fact = catalog.facts.get(f);
      return fact !== undefined && factVisible(fact, locked);
    });
    for (const f of visible) facts.add(f);
    if (visible.length === 0) {
      problems.add(
        'dimensions',
        'locked_filter_unreachable',
        "These dimensions cannot be filtered by this token's locked filters.",
      );
    }
  }
  for (const name of facts) {
    const fact = catalog.facts.get(name);
    if (fact && !factVisible(fact, locked)) {
      const m = q.measures.find((x) => x.facts.includes(name)) ?? q.hiddenMeasures.find((x) => x.facts.includes(name));
      problems.add(
        `measures[${m ? q.measures.indexOf(m) : 0}]`,
        'locked_filter_unreachable',
        `"${m?.member ?? name}" cannot be filtered by this token's locked filters, so it is not available.`,
      );
    }
  }
  problems.throwIfAny('forbidden');
  return { locked, facts: [...facts] };
}
