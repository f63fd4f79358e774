/**
 * Bad queries through the public entry (`compile`): a MiqError 400 naming each bad field, 403 for scope violations;
 * never SQL text in what a client sees.
 */
import { describe, expect, it } from 'vitest';
import { MiqError } from '../../errors/index.js';
import type { Warehouse } from '../../warehouse/types.js';
import { createSemanticLayer } from '../semantic-layer.js';
import { EXAMPLE_NOW, EXAMPLE_SCOPE } from '../testing/examples.js';
import { fixtureCatalog } from '../testing/fixture-catalog.js';

const warehouse: Warehouse = { dialect: 'duckdb', execute: async () => [], close: async () => {} };
const layer = createSemanticLayer({ catalog: fixtureCatalog(), warehouse });

function failure(body: unknown, scope = EXAMPLE_SCOPE): MiqError {
  try {
    layer.compile(body, scope, { now: EXAMPLE_NOW });
  } catch (e) {
    if (e instanceof MiqError) {
      const text = JSON.stringify(e.toJSON());
      expect(text).not.toMatch(/select |from "|where "|group by/i);
      return e;
    }
    throw e;
  }
  throw new Error('expected the query to be refused');
}

const fields = (e: MiqError): string[] => e.details.map((d) => d.field);
const codes = (e: MiqError): string[] => e.details.map((d) => `${d.field}:${d.code}`);

describe('validation (400, every problem at once)', () => {
  it('names every bad field of one request', () => {
    const e = failure({
      measures: ['ads.spnd', 'campaign.name'],
      dimensions: ['ads.spend', 'nope.nothing'],
      timeDimension: { dimension: 'date.day', dateRange: ['2026-02-30', '2026-01-01'] },
      filters: [{ member: 'campaign.name', operator: 'gt', values: ['a'] }],
      limit: 0,
      offset: -1,
      surprise: true,
    });
    expect(e.status).toBe(400);
    expect(e.code).toBe('validation_failed');
    expect(codes(e)).toEqual(
      expect.arrayContaining([
        'measures[0]:unknown_member',
        'measures[1]:not_a_measure',
        'dimensions[0]:not_a_dimension',
        'dimensions[1]:unknown_member',
        'timeDimension.dateRange[0]:invalid_date',
        'filters[0].operator:invalid_operator',
        'limit:invalid_value',
        'offset:invalid_value',
        'surprise:unknown_field',
      ]),
    );
  });

  it('refuses reversed dates, unknown relative ranges and a limit above the maximum', () => {
    expect(
      codes(
        failure({
          measures: ['ads.spend'],
          timeDimension: { dimension: 'date.day', dateRange: ['2026-10-02', '2026-10-01'] },
        }),
      ),
    ).toEqual(['timeDimension.dateRange:reversed_date_range']);
    expect(
      codes(failure({ measures: ['ads.spend'], timeDimension: { dimension: 'date.day', dateRange: 'since forever' } })),
    ).toEqual(['timeDimension.dateRange:invalid_date_range']);
    expect(codes(failure({ measures: ['ads.spend'], limit: 50_001 }))).toEqual(['limit:invalid_value']);
    expect(codes(failure({ measures: ['ads.spend'], limit: 10.5 }))).toEqual(['limit:invalid_type']);
  });

  it('refuses SQL fragments in member names; values are only ever bound', () => {
    const e = failure({
      measures: ['ads.spend; drop table x'],
      dimensions: ['campaign.name"--'],
      order: [['ads.spend desc, (select 1)', 'asc']],
      filters: [{ member: "platform.code' or 1=1", operator: 'equals', values: ['x'] }],
    });
    expect(fields(e)).toEqual(
      expect.arrayContaining(['measures[0]', 'dimensions[0]', 'order[0][0]', 'filters[0].member']),
    );
    const [q] = layer.compile(
      { measures: ['ads.spend'], filters: [{ member: 'platform.code', operator: 'equals', values: ["' or 1=1 --"] }] },
      EXAMPLE_SCOPE,
      { now: EXAMPLE_NOW },
    );
    expect(q?.sql).not.toContain('1=1');
  });

  it('checks operators and value types per member type', () => {
    const e = failure({
      measures: ['ads.spend'],
      filters: [
        { member: 'ads.spend', operator: 'contains', values: ['1'] },
        { member: 'ads.spend', operator: 'gt', values: ['many'] },
        { member: 'date.day', operator: 'inDateRange', values: ['2026-10-05', '2026-10-01'] },
        { member: 'campaign.id', operator: 'equals', values: [1234567] },
        { member: 'platform.code', operator: 'set', values: ['x'] },
        { member: 'conversion_action.is_counted', operator: 'equals', values: ['maybe'] },
      ],
    });
    expect(codes(e)).toEqual(
      expect.arrayContaining([
        'filters[0].operator:invalid_operator',
        'filters[1].values[0]:invalid_type',
        'filters[2].values:reversed_date_range',
        'filters[3].values[0]:invalid_type',
        'filters[4].values:invalid_values',
        'filters[5].values[0]:invalid_type',
      ]),
    );
  });

  it('refuses dimensions that cannot slice a measure, and groups mixing measures and dimensions', () => {
    expect(codes(failure({ measures: ['ga4.sessions'], dimensions: ['campaign.name'] }))).toEqual([
      'dimensions[0]:not_joinable',
    ]);
    expect(codes(failure({ measures: ['ads.spend', 'email_flows.revenue'], dimensions: ['device.code'] }))).toEqual([
      'dimensions[0]:not_joinable',
    ]);
    const e = failure({
      measures: ['ads.spend'],
      filters: [
        {
          or: [
            { member: 'ads.spend', operator: 'gt', values: [1] },
            { member: 'platform.code', operator: 'equals', values: ['meta'] },
          ],
        },
      ],
    });
    expect(codes(e)).toEqual(['filters[0]:mixed_filter_levels']);
  });

  it('refuses a non-additive measure at a grain where it would be wrong', () => {
    const e = failure({
      measures: ['meta_reach.reach'],
      dimensions: ['campaign.id'],
      timeDimension: { dimension: 'date.day', granularity: 'week' },
    });
    expect(codes(e)).toEqual(['measures[0]:non_additive_grain']);
    expect(e.details[0]?.message).toContain('date.day');
    expect(codes(failure({ measures: ['ga4.users'] }))).toEqual(['measures[0]:non_additive_grain']);
  });

  it('requires measures, a date range for compare, and order members from the query', () => {
    expect(codes(failure({ timeDimension: { dimension: 'date.day', dateRange: 'last 7 days' } }))).toEqual([
      'measures:measures_required',
    ]);
    expect(codes(failure({ dimensions: ['campaign.name', 'source_medium.channel_group'] }))).toEqual([
      'dimensions:not_joinable',
    ]);
    expect(codes(failure({ measures: ['ads.spend'], compare: 'previous_period' }))).toEqual([
      'compare:compare_needs_date_range',
    ]);
    expect(codes(failure({ measures: ['ads.spend'], order: [['ads.clicks', 'desc']] }))).toEqual([
      'order[0][0]:not_in_query',
    ]);
    expect(codes(failure({ measures: ['ads.spend'], compare: 'last_decade' }))).toEqual(['compare:invalid_value']);
  });

  it('names the path of a bad filter deep inside and/or groups', () => {
    const e = failure({
      measures: ['ads.spend'],
      filters: [
        { member: 'platform.code', operator: 'like', values: ['x'] },
        {
          or: [
            { member: 'platform.code', operator: 'equals', values: ['meta'] },
            { and: [{ member: 'campaign.nme', operator: 'equals', values: ['x'] }] },
          ],
        },
        { or: [] },
      ],
    });
    expect(codes(e)).toEqual(
      expect.arrayContaining([
        'filters[0].operator:invalid_value',
        'filters[1].or[1].and[0].member:unknown_member',
        'filters[2].or:invalid_value',
      ]),
    );
  });

  it('refuses a body that is not an object', () => {
    expect(codes(failure([1, 2]))).toEqual(['(body):invalid_type']);
    expect(codes(failure('select 1'))).toEqual(['(body):invalid_type']);
  });
});

describe('hostile bodies', () => {
  const bodies: unknown[] = [
    null,
    42,
    {},
    { measures: null },
    { measures: [null] },
    { measures: [{}] },
    { measures: ['ads.spend'], dimensions: 'platform.code' },
    { measures: ['ads.spend'], timeDimension: 'date.day' },
    { measures: ['ads.spend'], timeDimension: { dimension: 'date.day', dateRange: ['2026-01-01'] } },
    { measures: ['ads.spend'], timeDimension: { dimension: 'ads.spend', dateRange: 'last 7 days' } },
    { measures: ['ads.spend'], timeDimension: { dimension: 'date.day', dateRange: 'last 99999 days' } },
    { measures: ['ads.spend'], timeDimension: { dimension: 'date.day', dateRange: ['0000-00-00', '9999-99-99'] } },
    { measures: ['ads.spend'], filters: [null] },
    { measures: ['ads.spend'], filters: [{ member: 'platform.code' }] },
    { measures: ['ads.spend'], filters: [{ member: 'platform.code', operator: 'in', values: 'google_ads' }] },
    {
      measures: ['ads.spend'],
      filters: [
        { and: [{ and: [{ and: [{ and: [{ and: [{ and: [{ member: 'platform.code', operator: 'set' }] }] }] }] }] }] },
      ],
    },
    {
      measures: ['ads.spend'],
      filters: [{ member: 'platform.code', operator: 'in', values: Array.from({ length: 1001 }, () => 'x') }],
    },
    { measures: ['ads.spend'], filters: [{ member: 'platform.code', operator: 'equals', values: ['x'.repeat(5000)] }] },
    { measures: ['ads.spend'], order: 'ads.spend' },
    { measures: ['ads.spend'], order: [['ads.spend']] },
    { measures: ['ads.spend'], limit: '10' },
    { measures: ['ads.spend'], limit: Number.POSITIVE_INFINITY },
    { measures: ['ads.spend'], total: 'yes' },
    { measures: Array.from({ length: 51 }, () => 'ads.spend') },
    JSON.parse('{"__proto__": {"measures": ["ads.spend"]}}'),
    JSON.parse('{"__proto__": {"measures": ["ads.spend"]}, "measures": ["ads.spend"]}'),
    { measures: ['ads.spend'], constructor: { prototype: {} } },
  ];
  it.each(bodies.map((b, i) => [i, b]))('body %i gets a 400 naming a field', (_i, body) => {
    const e = failure(body);
    expect(e.status).toBe(400);
    expect(e.details.length).toBeGreaterThan(0);
    for (const d of e.details) expect(d.field.length).toBeGreaterThan(0);
  });
});

describe('scope (403)', () => {
  it('refuses members outside allowedMembers', () => {
    const scope = { ...EXAMPLE_SCOPE, allowedMembers: new Set(['ads.spend', 'platform.code']) };
    const e = failure({ measures: ['ads.spend', 'ads.clicks'], dimensions: ['platform.code', 'campaign.name'] }, scope);
    expect(e.status).toBe(403);
    expect(codes(e)).toEqual(['measures[1]:member_not_allowed', 'dimensions[1]:member_not_allowed']);
  });

  it('fails closed when a locked member cannot reach a fact of the query', () => {
    const scope = { ...EXAMPLE_SCOPE, lockedFilters: { 'account.id': ['7261940385'] } };
    expect(layer.compile({ measures: ['ads.spend'] }, scope, { now: EXAMPLE_NOW }).length).toBeGreaterThan(0);
    const e = failure({ measures: ['ads.spend', 'email_flows.revenue'] }, scope);
    expect(e.status).toBe(403);
    expect(codes(e)).toEqual(['measures[1]:locked_filter_unreachable']);
    const unknown = failure(
      { measures: ['ads.spend'] },
      { ...EXAMPLE_SCOPE, lockedFilters: { 'account.nope': ['1'] } },
    );
    expect(unknown.status).toBe(403);
  });

  it('answers a dimension-only query from a fact the locks reach, or refuses', () => {
    const [q] = layer.compile(
      { dimensions: ['campaign.name'] },
      { ...EXAMPLE_SCOPE, lockedFilters: { 'account.id': ['1'] } },
      { now: EXAMPLE_NOW },
    );
    expect(q?.sql).toContain('fact_campaign_performance_daily');
    expect(q?.parameters).toContain('1');
    const e = failure(
      { dimensions: ['email_flow.name'] },
      { ...EXAMPLE_SCOPE, lockedFilters: { 'account.id': ['1'] } },
    );
    expect(codes(e)).toEqual(['dimensions:locked_filter_unreachable']);
  });

  it('hides facts unreachable from a locked member in schemaFor', () => {
    const all = layer.schemaFor(EXAMPLE_SCOPE);
    const locked = layer.schemaFor({ ...EXAMPLE_SCOPE, lockedFilters: { 'account.id': ['7261940385'] } });
    expect(all.measures.map((m) => m.name)).toContain('email_flows.revenue');
    expect(locked.measures.map((m) => m.name)).toEqual(expect.arrayContaining(['ads.spend', 'ga4.sessions']));
    expect(locked.measures.map((m) => m.name)).not.toContain('email_flows.revenue');
    expect(locked.dimensions.map((m) => m.name)).not.toContain('email_flow.name');
    const spend = all.measures.find((m) => m.name === 'ads.spend');
    expect(spend).toMatchObject({ format: 'currency', currency: 'USD', aggregation: 'additive', facts: ['ads'] });
  });
});
