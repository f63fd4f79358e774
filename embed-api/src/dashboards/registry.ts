/**
 * The dashboard registry: validates every document (zod schema, then every member against the catalog) at start-up —
 * one error naming dashboard, panel and field for every problem — and answers which members a dashboard uses and
 * which facts it reads.
 */
import type { Catalog, Member } from '../semantic/index.js';
import { DOCUMENTS } from './documents/index.js';
import {
  type DashboardDocument,
  DashboardDocumentSchema,
  type DashboardPanel,
  FILTER_MEMBERS,
  type PanelQuery,
} from './schema.js';

/** The catalog as the registry needs it: the members, each with the facts a metric reads. */
export type CatalogMembers = Pick<Catalog, 'members' | 'facts'>;

export class DashboardDocumentError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid dashboard documents (${problems.length} problem(s)):\n  ${problems.join('\n  ')}`);
    this.name = 'DashboardDocumentError';
  }
}

export interface DashboardRegistry {
  readonly documents: readonly DashboardDocument[];
  get(id: string): DashboardDocument | undefined;
  /** Every member a dashboard's panels and filters use (plus the date members); undefined for an unknown id. */
  membersOf(id: string): readonly string[] | undefined;
  /** Mart tables (`fact_*`) a dashboard's panels read. */
  factsOf(id: string): readonly string[];
}

/** Members named by a panel query, with the JSON path of each (for error messages). */
export function queryMembers(query: PanelQuery): { member: string; field: string }[] {
  const out: { member: string; field: string }[] = [];
  query.measures?.forEach((m, i) => {
    out.push({ member: m, field: `query.measures[${i}]` });
  });
  query.dimensions?.forEach((m, i) => {
    out.push({ member: m, field: `query.dimensions[${i}]` });
  });
  if (query.timeDimension) out.push({ member: query.timeDimension.dimension, field: 'query.timeDimension.dimension' });
  const walk = (f: unknown, field: string) => {
    const o = f as { member?: string; and?: unknown[]; or?: unknown[] };
    if (o.member) out.push({ member: o.member, field: `${field}.member` });
    o.and?.forEach((g, i) => {
      walk(g, `${field}.and[${i}]`);
    });
    o.or?.forEach((g, i) => {
      walk(g, `${field}.or[${i}]`);
    });
  };
  query.filters?.forEach((f, i) => {
    walk(f, `query.filters[${i}]`);
  });
  query.order?.forEach(([m], i) => {
    out.push({ member: m, field: `query.order[${i}]` });
  });
  query.cumulative?.measures.forEach((m, i) => {
    out.push({ member: m, field: `query.cumulative.measures[${i}]` });
  });
  if (query.top) out.push({ member: query.top.by, field: 'query.top.by' });
  // the time key (`date.week`) is a valid `per` entry but not a member of its own
  const timeKey = query.timeDimension?.granularity ? `date.${query.timeDimension.granularity}` : undefined;
  query.top?.per?.forEach((m, i) => {
    if (m !== timeKey) out.push({ member: m, field: `query.top.per[${i}]` });
  });
  return out;
}

/** Problems of one panel against the catalog: unknown members, measures that are not metrics and vice versa. */
export function panelProblems(panel: DashboardPanel, catalog: CatalogMembers, where: string): string[] {
  if (!('query' in panel)) return [];
  const problems: string[] = [];
  const kindOf = (m: string): Member['kind'] | undefined => catalog.members.get(m)?.kind;
  for (const { member, field } of queryMembers(panel.query)) {
    if (kindOf(member) === undefined)
      problems.push(`${where} panel "${panel.id}" ${field}: unknown member "${member}"`);
  }
  panel.query.measures?.forEach((m, i) => {
    const k = kindOf(m);
    if (k !== undefined && k !== 'metric')
      problems.push(`${where} panel "${panel.id}" query.measures[${i}]: "${m}" is a ${k}, not a measure`);
  });
  panel.query.dimensions?.forEach((m, i) => {
    const k = kindOf(m);
    if (k === 'metric') problems.push(`${where} panel "${panel.id}" query.dimensions[${i}]: "${m}" is a measure`);
  });
  if ((panel.query.measures ?? []).length === 0)
    problems.push(`${where} panel "${panel.id}" query.measures: at least one measure`);
  problems.push(...featureProblems(panel.query).map((p) => `${where} panel "${panel.id}" ${p}`));
  if ('spec' in panel) {
    const columns = outputColumns(panel.query);
    for (const { field, path } of specFields(panel.spec)) {
      if (!columns.has(field))
        problems.push(
          `${where} panel "${panel.id}" spec.${path}: field "${field}" is not a column of the panel's rows (${[...columns].join(', ')})`,
        );
    }
  }
  return problems;
}

/**
 * How `cumulative` and `top` refer to the rest of the query (the rules `POST /metrics` applies, checked here so a
 * document fails at start-up rather than when a panel loads): running totals and the ranking measure are measures of
 * the query, `top.per` names its dimensions or time key, and running totals need a time granularity.
 */
export function featureProblems(query: PanelQuery): string[] {
  const problems: string[] = [];
  const measures = query.measures ?? [];
  const granularity = query.timeDimension?.granularity;
  const c = query.cumulative;
  if (c) {
    if (!granularity) problems.push('query.cumulative: needs timeDimension.granularity');
    c.measures.forEach((m, i) => {
      if (!measures.includes(m))
        problems.push(`query.cumulative.measures[${i}]: "${m}" must be one of the query's measures`);
    });
  }
  const t = query.top;
  if (t) {
    if (!measures.includes(t.by)) problems.push(`query.top.by: "${t.by}" must be one of the query's measures`);
    if (c?.measures.includes(t.by))
      problems.push(`query.top.by: "${t.by}" is a running total: rank by a plain measure`);
    const keys = [...(query.dimensions ?? []), ...(granularity ? [`date.${granularity}`] : [])];
    t.per?.forEach((m, i) => {
      if (!keys.includes(m))
        problems.push(`query.top.per[${i}]: "${m}" must be one of the query's dimensions or its time key`);
    });
    if (!(query.dimensions ?? []).some((d) => !(t.per ?? []).includes(d)))
      problems.push('query.top: needs a dimension outside top.per to rank');
  }
  return problems;
}

/** The row keys a panel query answers with: its measures, dimensions and `date.<granularity>` when it has one. */
export function outputColumns(query: PanelQuery): Set<string> {
  const out = new Set([...(query.measures ?? []), ...(query.dimensions ?? [])]);
  const g = query.timeDimension?.granularity;
  if (g) out.add(`date.${g}`);
  return out;
}

/**
 * Every `field` a Vega-Lite spec's encodings read, with its path; fields a transform creates (`as`) are left out.
 * @example specFields({ encoding: { x: { field: 'date.day' } } }) // [{ field: 'date.day', path: 'encoding.x.field' }]
 */
export function specFields(spec: unknown): { field: string; path: string }[] {
  const created = new Set<string>();
  const out: { field: string; path: string }[] = [];
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((n, i) => {
        visit(n, `${path}[${i}]`);
      });
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    for (const t of Array.isArray(o.transform) ? o.transform : []) {
      const as = (t as { as?: unknown }).as;
      for (const a of Array.isArray(as) ? as : [as]) if (typeof a === 'string') created.add(a);
    }
    if (o.encoding && typeof o.encoding === 'object') {
      for (const [channel, def] of Object.entries(o.encoding as Record<string, unknown>)) {
        const field = (def as { field?: unknown } | null)?.field;
        if (typeof field === 'string') out.push({ field, path: `${path}encoding.${channel}.field` });
      }
    }
    for (const key of ['layer', 'concat', 'hconcat', 'vconcat']) {
      if (key in o) visit(o[key], `${path}${key}`);
    }
    if (o.spec) visit(o.spec, `${path}spec.`);
  };
  visit(spec, '');
  return out.filter((f) => !created.has(f.field)).map((f) => ({ ...f, path: f.path.replace(/\](?=encoding)/, '].') }));
}

/**
 * Validates `documents` (default: the 18 of `documents/`) against the schema and `catalog`. Throws
 * `DashboardDocumentError` listing every problem as `dashboard "id" panel "p" field: message`.
 */
export function createDashboardRegistry(
  catalog: CatalogMembers,
  documents: readonly unknown[] = DOCUMENTS,
): DashboardRegistry {
  const problems: string[] = [];
  const valid: DashboardDocument[] = [];
  const ids = new Set<string>();
  documents.forEach((raw, index) => {
    const rawId = (raw as { id?: unknown })?.id;
    const where = `dashboard "${typeof rawId === 'string' ? rawId : `#${index}`}"`;
    const parsed = DashboardDocumentSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [first, idx, ...rest] = issue.path;
        const panelId =
          first === 'panels' && typeof idx === 'number'
            ? (raw as { panels?: { id?: string }[] }).panels?.[idx]?.id
            : undefined;
        const field = first === 'panels' && typeof idx === 'number' ? rest.join('.') : issue.path.join('.');
        problems.push(
          `${where}${panelId !== undefined ? ` panel "${panelId}"` : ''} ${field || '(document)'}: ${issue.message}`,
        );
      }
      return;
    }
    const doc = parsed.data;
    if (ids.has(doc.id)) problems.push(`${where} id: defined twice`);
    ids.add(doc.id);
    doc.filters.forEach((f, i) => {
      const member = FILTER_MEMBERS[f];
      if (member !== undefined && !catalog.members.has(member)) {
        problems.push(
          `${where} filters[${i}]: filter "${f}" needs member "${member}", which the catalog does not have`,
        );
      }
    });
    for (const panel of doc.panels) problems.push(...panelProblems(panel, catalog, where));
    valid.push(doc);
  });
  if (problems.length > 0) throw new DashboardDocumentError(problems);

  const byId = new Map(valid.map((d) => [d.id, d]));
  const members = new Map<string, readonly string[]>();
  for (const doc of valid) {
    const set = new Set<string>(['date.day', 'date.week', 'date.month', 'date.quarter', 'date.year']);
    for (const f of doc.filters) if (FILTER_MEMBERS[f]) set.add(FILTER_MEMBERS[f]!);
    for (const p of doc.panels) if ('query' in p) for (const { member } of queryMembers(p.query)) set.add(member);
    members.set(doc.id, [...set].sort());
  }
  return {
    documents: valid,
    get: (id) => byId.get(id),
    membersOf: (id) => members.get(id),
    factsOf(id) {
      const facts = new Set<string>();
      for (const p of byId.get(id)?.panels ?? []) {
        if (!('query' in p)) continue;
        for (const m of p.query.measures ?? []) {
          const member = catalog.members.get(m);
          if (member?.kind === 'metric') for (const f of member.facts) facts.add(catalog.facts.get(f)?.table.name ?? f);
        }
      }
      return [...facts].sort();
    },
  };
}
