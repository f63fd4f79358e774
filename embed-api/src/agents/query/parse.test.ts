/**
 * The deterministic parser against the committed question set (`questions.json`, written before the parser was
 * tuned). Reports the exact-match accuracy; filters are compared as a set (their order carries no meaning).
 */
import { describe, expect, it } from 'vitest';
import { MiqError } from '../../errors/index.js';
import { fixtureCatalog } from '../../semantic/testing/fixture-catalog.js';
import { fixtureLayer } from '../../semantic/testing/refusal-codes.js';
import { grainFor, membersFor, reachFor } from './context.js';
import { type ParseContext, parseQuestion } from './parse.js';
import questionSet from './questions.json' with { type: 'json' };
import { EXAMPLE_QUESTIONS } from './vocabulary.js';

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
  grain: grainFor(catalog),
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

/** The semantic layer's verdict on a parsed query (compile only, fixture catalog): null when accepted. */
function layerRefusal(query: unknown): string | null {
  try {
    fixtureLayer().compile(query, scope, { now: new Date('2026-11-25T18:00:00Z') });
    return null;
  } catch (e) {
    if (e instanceof MiqError)
      return `${e.status} ${e.details.map((d) => `${d.field}:${d.code} ${d.message}`).join('; ')}`;
    throw e;
  }
}

describe('the example questions offered to users', () => {
  it('every example parses and the real semantic layer accepts its query', () => {
    const problems: string[] = [];
    for (const q of EXAMPLE_QUESTIONS) {
      const got = parseQuestion(q, ctx);
      if (got.kind === 'refusal') problems.push(`${q}: parser refused: ${got.reason}`);
      else {
        const refused = layerRefusal(got.query);
        if (refused) problems.push(`${q}: ${JSON.stringify(got.query)} refused by the layer: ${refused}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every golden question the parser answers is accepted by the semantic layer', () => {
    const problems = items
      .map((i) => ({ q: i.question, got: parseQuestion(i.question, ctx) }))
      .flatMap(({ q, got }) => (got.kind === 'query' && layerRefusal(got.query) ? [q] : []));
    expect(problems).toEqual([]);
  });
});

describe('measures valid only at a grain (non-additive: reach, users)', () => {
  const query = (q: string, c: ParseContext = ctx) => {
    const got = parseQuestion(q, c);
    if (got.kind !== 'query') throw new Error(`refused: ${got.reason}`);
    return got.query;
  };
  const reason = (q: string) => {
    const got = parseQuestion(q, ctx);
    if (got.kind !== 'refusal') throw new Error(`answered: ${JSON.stringify(got.query)}`);
    return got.reason;
  };

  it('a period total of reach lands on day x campaign (named, then keyed), and the layer accepts it', () => {
    const q = query('reach last week');
    expect(q.measures).toEqual(['meta_reach.reach']);
    expect(q.dimensions).toEqual(['campaign.name', 'campaign.id']);
    expect(q.timeDimension).toEqual({ dimension: 'date.day', granularity: 'day', dateRange: 'last week' });
    expect(layerRefusal(q)).toBeNull();
    // Without the landing the layer refuses the same question: the total is what it must never compute.
    expect(
      layerRefusal({ ...q, dimensions: undefined, timeDimension: { dimension: 'date.day', dateRange: 'last week' } }),
    ).toMatch(/non_additive_grain/);
  });

  it('keeps what the question asked for: a campaign breakdown, a ranking, a threshold, a comparison, daily', () => {
    expect(query('reach by campaign last week').dimensions).toEqual(['campaign.name', 'campaign.id']);
    expect(query('reach by campaign type last week').dimensions).toEqual([
      'campaign.channel_type',
      'campaign.name',
      'campaign.id',
    ]);
    const top = query('top 3 campaigns by reach yesterday');
    expect(top.order).toEqual([['meta_reach.reach', 'desc']]);
    expect(top.limit).toBe(3);
    const threshold = query('campaigns with frequency above 2 last week');
    expect(threshold.filters).toEqual([{ member: 'meta_reach.frequency', operator: 'gt', values: [2] }]);
    expect(query('reach last week vs previous period').compare).toBe('previous_period');
    expect(query('daily reach on meta last 7 days').timeDimension?.granularity).toBe('day');
    for (const q of [
      'reach by campaign last week',
      'top 3 campaigns by reach yesterday',
      'campaigns with frequency above 2 last week',
      'reach last week vs previous period',
      'reach and spend by campaign yesterday',
      'users last week',
      'users by channel group last month',
    ]) {
      expect(layerRefusal(query(q)), q).toBeNull();
    }
  });

  it('refuses a breakdown the grain cannot support, saying reach counts unique people per day and campaign', () => {
    const sentence = /^(Reach|Frequency) counts unique people per day and campaign only: they cannot be added up/;
    expect(reason('reach by week last 90 days')).toMatch(sentence);
    expect(reason('reach by week last 90 days')).toMatch(/broken down by week\.$/);
    expect(reason('monthly frequency this year')).toMatch(/broken down by month\.$/);
    expect(reason('reach by platform last month')).toMatch(/broken down by platform\.$/);
    expect(reason('reach by account last month')).toMatch(/broken down by account\.$/);
    expect(reason('reach by device last month')).toMatch(sentence);
    expect(reason('reach and sessions last week')).toMatch(/combined with sessions, which has no campaign\.$/);
    expect(reason('users by week last quarter')).toMatch(
      /^Users counts unique people per day, source medium, country and device only/,
    );
    // The layer would refuse (or answer another question for) each of them.
    expect(
      layerRefusal({ measures: ['meta_reach.reach'], timeDimension: { dimension: 'date.day', granularity: 'week' } }),
    ).toMatch(/non_additive_grain/);
  });

  it('reads the grain from the context (the catalog), not from member names', () => {
    // A catalog where reach were valid per day and account instead: the parser follows it.
    const perAccount: ParseContext = {
      ...ctx,
      grain: (m) => (m === 'meta_reach.reach' ? ['date.day', 'account.id'] : ctx.grain(m)),
    };
    expect(query('reach last week', perAccount).dimensions).toEqual(['account.name', 'account.id']);
    expect(parseQuestion('reach by campaign last week', perAccount).kind).toBe('refusal');
    // And with no grain at all (an additive measure) nothing is added.
    const additive: ParseContext = { ...ctx, grain: () => [] };
    expect(query('reach last week', additive).dimensions).toBeUndefined();
    expect(grainFor(catalog)('meta_reach.reach')).toEqual(['date.day', 'campaign.id']);
    expect(grainFor(catalog)('ads.spend')).toEqual([]);
  });

  it('a token without campaign.id cannot get reach at its grain: refused, not totalled', () => {
    const narrow: ParseContext = { ...ctx, members: new Set([...ctx.members].filter((m) => m !== 'campaign.id')) };
    expect(parseQuestion('reach last week', narrow)).toMatchObject({ kind: 'refusal' });
  });
});
