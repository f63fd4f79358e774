/**
 * Which facts each member reads, from `GET /api/v1/schema`. A dashboard filter (a filter-bar selection or a
 * cross-filter) only applies to a panel whose measures share a fact with the filter's dimension: filtering GA4 sessions
 * by an ad campaign would be refused by the API, so that panel shows its data unfiltered and says so.
 */
import { createContext } from '@lit/context';
import type { SchemaResponse } from '@miq/embed-api/wire';
import type { MetricsQuery } from '../internal/wire.js';

export interface MemberFacts {
  readonly measures: ReadonlyMap<string, readonly string[]>;
  readonly dimensions: ReadonlyMap<string, readonly string[]>;
  readonly titles: ReadonlyMap<string, string>;
}

export const catalogContext = createContext<MemberFacts | undefined>(Symbol('miq-catalog'));

export function memberFacts(schema: SchemaResponse): MemberFacts {
  return {
    measures: new Map(schema.measures.map((m) => [m.name, m.facts])),
    dimensions: new Map(schema.dimensions.map((d) => [d.name, d.facts])),
    titles: new Map([...schema.measures, ...schema.dimensions].map((m) => [m.name, m.title])),
  };
}

/** Whether filtering `query` by `member` makes sense: unknown catalog or members → yes (the API decides). */
export function canFilter(catalog: MemberFacts | undefined, query: MetricsQuery, member: string): boolean {
  if (!catalog) return true;
  const dimensionFacts = catalog.dimensions.get(member);
  if (!dimensionFacts) return true;
  const facts = new Set<string>();
  for (const m of query.measures ?? []) for (const f of catalog.measures.get(m) ?? []) facts.add(f);
  if (facts.size === 0) return true;
  return dimensionFacts.some((f) => facts.has(f));
}
