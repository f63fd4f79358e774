/**
 * The model path with LangChain's fake chat model (`FakeListChatModel`): whatever the "model" answers goes through
 * the same checks as a real provider's answer, then the semantic layer's own validation.
 */
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { describe, expect, it } from 'vitest';
import { MiqError } from '../../errors/index.js';
import { createSemanticLayer } from '../../semantic/index.js';
import { fixtureCatalog } from '../../semantic/testing/fixture-catalog.js';
import type { MetricsResponse } from '../../wire/index.js';
import { createAsker } from '../ask.js';
import { checkNarrative, phraseChecked } from './narrative.js';
import { createModelPlanner, loadChatModel, modelConfigFromEnv } from './planner.js';

const catalog = fixtureCatalog();
const scope = {
  tenantId: 'rare-seeds',
  warehouseLocation: 'rare-seeds',
  timeZone: 'America/Chicago',
  reportingCurrency: 'USD',
  lockedFilters: {},
};
// The real semantic layer validates and normalizes; the warehouse is not needed for that.
const layer = createSemanticLayer({
  catalog,
  warehouse: {
    dialect: 'duckdb',
    execute: async () => {
      throw new Error('not used');
    },
  } as never,
});

function askerWith(responses: string[]) {
  const ran: unknown[] = [];
  const asker = createAsker({
    catalog,
    clock: () => new Date('2026-11-25T12:00:00Z'),
    planner: createModelPlanner({ model: new FakeListChatModel({ responses }) }),
    query: async (body, s, options) => {
      const isEntityLookup = !(body as { measures?: unknown }).measures;
      if (isEntityLookup) return { rows: [], annotation: {} } as unknown as MetricsResponse;
      const normalized = layer.normalize(body, s, options); // throws MiqError 400/403 like a real query
      ran.push(body);
      return {
        rows: [{ 'ads.spend': 1234.5 }],
        annotation: {
          'ads.spend': { title: 'Spend', kind: 'measure', type: 'number', format: 'currency', currency: 'USD' },
        },
        query: normalized,
        total: null,
        meta: {} as MetricsResponse['meta'],
      } as MetricsResponse;
    },
  });
  return { asker, ran };
}

describe('agents model path (fake model)', () => {
  it('fake model: a valid structured query is validated and runs; the answer says it came from the model', async () => {
    const query = {
      measures: ['ads.spend'],
      timeDimension: { dimension: 'date.day', dateRange: 'last month' },
      filters: [{ member: 'platform.code', operator: 'equals', values: ['google_ads'] }],
    };
    const { asker, ran } = askerWith([JSON.stringify({ query })]);
    const res = await asker.ask('google spend last month', scope);
    expect(res.kind).toBe('answer');
    if (res.kind !== 'answer') return;
    expect(res.source).toBe('model');
    expect(ran).toEqual([query]);
    expect(res.query.timeDimension?.dateRange).toEqual(['2026-10-01', '2026-10-31']);
    expect(res.sentence).toContain('$1,234.50');
  });

  it.each([
    ['an unknown member', JSON.stringify({ query: { measures: ['ads.profit'] } }), /unknown members: ads\.profit/],
    [
      'another tenant',
      JSON.stringify({ query: { measures: ['ads.spend'], tenant: 'nordic-knits' } }),
      /names a tenant/,
    ],
    ['SQL text', 'SELECT sum(spend) FROM marts.fact_campaign_performance_daily', /SQL/],
    ['SQL inside JSON', JSON.stringify({ query: { measures: ['ads.spend'] }, sql: 'select 1 from x' }), /SQL/],
    ['prose', 'Your spend was about $5,000.', /not answer with a query/],
  ])('fake model: %s is rejected clearly, nothing runs', async (_name, response, reason) => {
    const { asker, ran } = askerWith([response]);
    const res = await asker.ask('spend', scope);
    expect(res.kind).toBe('refusal');
    if (res.kind !== 'refusal') return;
    expect(res.message).toBe("I can't answer that yet.");
    expect(res.reason).toMatch(reason);
    expect(ran).toEqual([]);
  });

  it('fake model: a member outside the token scope passes the catalog check only if allowed, else is refused', async () => {
    const { asker, ran } = askerWith([JSON.stringify({ query: { measures: ['email_campaigns.revenue'] } })]);
    const narrow = { ...scope, allowedMembers: new Set(['ads.spend', 'date.day']) };
    const res = await asker.ask('email revenue', narrow);
    expect(res.kind).toBe('refusal');
    expect(ran).toEqual([]);
  });

  it('fake model: a query the semantic layer refuses (bad operator for the type) becomes a refusal', async () => {
    const q = { measures: ['ads.spend'], filters: [{ member: 'platform.code', operator: 'gt', values: [3] }] };
    const { asker } = askerWith([JSON.stringify({ query: q })]);
    const res = await asker.ask('spend', scope);
    expect(res.kind).toBe('refusal');
    expect(() => layer.normalize(q, scope)).toThrow(MiqError);
  });

  it('fake model: a narrative with a number not in the evidence is refused, the template kept', async () => {
    const evidence = [1250, 0.25, 1000];
    const template = 'Spend rose to $1,250.00 from $1,000.00 (+25%).';
    const good = await phraseChecked(
      new FakeListChatModel({ responses: ['Spend climbed 25% to $1,250 (it was $1,000).'] }),
      template,
      evidence,
    );
    expect(good).toEqual({ text: 'Spend climbed 25% to $1,250 (it was $1,000).', phrased: true, unsupported: [] });
    const bad = await phraseChecked(
      new FakeListChatModel({ responses: ['Spend climbed 25% to $1,900, costing you about $600 a week.'] }),
      template,
      evidence,
    );
    expect(bad.phrased).toBe(false);
    expect(bad.text).toBe(template);
    expect(bad.unsupported).toEqual(['1,900', '600']);
  });

  it('the checker: rounding as shown is accepted, dates and quoted names are not numbers', () => {
    expect(checkNarrative('CPA is $41.7 on 2026-11-03', [41.6667]).ok).toBe(true);
    expect(checkNarrative('CPA is $41.8', [41.6667]).ok).toBe(false);
    expect(checkNarrative('Search - Top 10 Seeds spent 1.2k', [1200], ['Search - Top 10 Seeds']).ok).toBe(true);
  });

  it('model configuration from the environment: none → parser; partial or unknown → a clear error', () => {
    expect(modelConfigFromEnv({})).toBeNull();
    expect(() => modelConfigFromEnv({ MIQ_AGENT_MODEL_PROVIDER: 'openai' })).toThrow(/MIQ_AGENT_MODEL is required/);
    expect(() => modelConfigFromEnv({ MIQ_AGENT_MODEL_PROVIDER: 'cohere', MIQ_AGENT_MODEL: 'x' })).toThrow(
      /must be one of openai, anthropic, azure_openai/,
    );
    expect(
      modelConfigFromEnv({
        MIQ_AGENT_MODEL_PROVIDER: 'anthropic',
        MIQ_AGENT_MODEL: 'claude',
        MIQ_AGENT_MODEL_API_KEY: 'k',
      }),
    ).toEqual({ provider: 'anthropic', model: 'claude', apiKey: 'k' });
  });

  it('a configured provider whose LangChain package is not installed fails with the package to install', async () => {
    await expect(loadChatModel({ provider: 'anthropic', model: 'claude-x', apiKey: 'k' })).rejects.toThrow(
      /install @langchain\/anthropic/,
    );
  });
});
