/**
 * The deterministic parser against the committed question set (`questions.json`, written before the parser was
 * tuned). Reports the exact-match accuracy; filters are compared as a set (their order carries no meaning).
 */
import { describe, expect, it } from 'vitest';
import { fixtureCatalog } from '../../semantic/testing/fixture-catalog.js';
import { membersFor, reachFor } from './context.js';
import { type ParseContext, parseQuestion } from './parse.js';
import questionSet from './questions.json' with { type: 'json' };

const catalog = fixtureCatalog();
const scope = {
  tenantId: 'rare-seeds',
  warehouseLocation: 'rare-seeds',
  timeZone: 'America/Chicago',
  reportingCurrency: 'USD',
  lockedFilters: {},
};
/** rare-seeds' entities as the generator names them (dbt/generator, tenants.json). */
const entities: ParseContext['entities'] = [
  ...[
    'Display - Heirloom Tomatoes',
    'PMax - Heirloom Tomatoes',
    'Search - Heirloom Tomatoes',
    'Search - Herb Seeds',
    'Search - Vegetable Seeds',
    'Search - Wildflower Mix',
    'Shopping - Heirloom Tomatoes',
    'YouTube - Heirloom Tomatoes',
    'Sales | Heirloom Tomatoes | Prospecting',
    'Sales | Herb Seeds | Prospecting',
    'Sales | Vegetable Seeds | Retargeting',
    'Traffic | Wildflower Mix | Retargeting',
  ].map((value) => ({ member: 'campaign.name', value })),
  ...['Rare Seeds - Search', 'Rare Seeds - Shopping', 'Rare Seeds Meta'].map((value) => ({
    member: 'account.name',
    value,
  })),
  ...['Welcome Series', 'Abandoned Cart', 'Browse Abandonment', 'Post-Purchase', 'Winback', 'SMS Welcome'].map(
    (value) => ({ member: 'email_flow.name', value }),
  ),
  ...['Organic Social', 'Referral', 'Paid Social', 'Paid Search', 'Organic Search', 'Email', 'Direct'].map((value) => ({
    member: 'source_medium.channel_group',
    value,
  })),
  ...['United States', 'Canada', 'Germany'].map((value) => ({ member: 'country.name', value })),
];
const ctx: ParseContext = {
  today: '2026-11-25',
  members: membersFor(catalog, scope),
  reach: reachFor(catalog),
  entities,
};

/** Deterministic JSON: object keys sorted at every level, filters as a sorted set. */
function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}
function canonical(q: unknown): string {
  const o = sorted(q) as Record<string, unknown>;
  if (Array.isArray(o.filters)) o.filters = (o.filters as unknown[]).map((f) => JSON.stringify(f)).sort();
  return JSON.stringify(o);
}

interface Item {
  question: string;
  expected: Record<string, unknown> | null;
}
const items = (questionSet as { questions: Item[] }).questions;

describe('deterministic parser on the committed question set', () => {
  it('the set has at least 80 answerable questions, all using members of the catalog', () => {
    const answerable = items.filter((i) => i.expected !== null);
    expect(answerable.length).toBeGreaterThanOrEqual(80);
    for (const i of answerable) {
      for (const m of (i.expected?.measures as string[]) ?? []) expect(catalog.members.has(m), m).toBe(true);
      for (const d of (i.expected?.dimensions as string[]) ?? []) expect(catalog.members.has(d), d).toBe(true);
    }
  });

  it('answers at least 90% of the questions exactly and refuses every unsupported one', () => {
    const misses: string[] = [];
    let exact = 0;
    let answerable = 0;
    let refusedOk = 0;
    let refusals = 0;
    for (const item of items) {
      const got = parseQuestion(item.question, ctx);
      if (item.expected === null) {
        refusals += 1;
        if (got.kind === 'refusal') refusedOk += 1;
        else misses.push(`SHOULD REFUSE: ${item.question} → ${JSON.stringify(got.query)}`);
        continue;
      }
      answerable += 1;
      if (got.kind === 'query' && canonical(got.query) === canonical(item.expected)) exact += 1;
      else {
        misses.push(
          `${item.question}\n   got ${got.kind === 'query' ? canonical(got.query) : `refusal: ${got.reason}`}\n  want ${canonical(item.expected)}`,
        );
      }
    }
    const accuracy = exact / answerable;
    console.log(
      `parser exact match: ${exact}/${answerable} = ${(accuracy * 100).toFixed(1)}%; refusals ${refusedOk}/${refusals}`,
    );
    if (misses.length > 0) console.log(misses.join('\n'));
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    expect(refusedOk).toBe(refusals);
  });

  it('a refusal names the closest supported questions, and each of them parses', () => {
    const got = parseQuestion('What is our customer lifetime value?', ctx);
    expect(got.kind).toBe('refusal');
    if (got.kind !== 'refusal') return;
    expect(got.suggestions.length).toBeGreaterThan(0);
    for (const s of got.suggestions) expect(parseQuestion(s, ctx).kind).toBe('query');
  });

  it('never uses a member outside the scope: a token bound to ads members cannot ask about email', () => {
    const narrow: ParseContext = {
      ...ctx,
      members: new Set([...ctx.members].filter((m) => !m.startsWith('email'))),
    };
    expect(parseQuestion('email revenue last month', narrow).kind).toBe('refusal');
    expect(parseQuestion('email revenue last month', ctx).kind).toBe('query');
  });
});
