/** Which facts a dimension can slice: the join graph is one hop (fact → entity's dimension table). */
import type { Catalog, DimensionMember, Fact, Member, TimeMember } from './types.js';

export function canReach(fact: Fact, member: DimensionMember | TimeMember): boolean {
  if (member.kind === 'time') return true;
  return member.owner.kind === 'fact' ? member.owner.fact === fact.name : fact.entities.has(member.owner.entity);
}

/** Names of the facts a member reads (metrics) or can slice (dimensions). */
export function factsOf(catalog: Catalog, member: Member): string[] {
  if (member.kind === 'metric') return [...member.facts];
  return [...catalog.facts.values()].filter((f) => canReach(f, member)).map((f) => f.name);
}
