/**
 * Every question `EXAMPLE_QUESTIONS` offers users, asked through the agent (deterministic parser → the real semantic
 * layer over the test warehouse, `MIQ_WAREHOUSE_DIR`): each is answered, none refused. The reach example is checked
 * against plain SQL over rare-seeds' raw Fivetran table (`raw.facebook_ads.basic_campaign`: Meta's reach per campaign
 * and day), never against the marts or the layer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRawWorld, RAW_SCOPE, type RawWorld } from '../../semantic/testing/raw-world.js';
import { type Asker, createAsker } from '../ask.js';
import type { AgentQueryResponse } from '../schemas.js';
import { EXAMPLE_QUESTIONS } from './vocabulary.js';

const REACH_EXAMPLE = 'Meta reach and frequency last week';

describe('the example questions, answered over the test warehouse', () => {
  let world: RawWorld;
  let asker: Asker;
  const answers = new Map<string, AgentQueryResponse>();

  beforeAll(async () => {
    world = await openRawWorld();
    // Noon in Chicago on the day after the warehouse's last day: "yesterday" is its last day.
    const d = new Date(`${world.lastDay}T18:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    asker = createAsker({
      catalog: world.layer.catalog,
      query: (body, scope, options) => world.layer.query(body, scope, options),
      clock: () => d,
    });
    for (const q of EXAMPLE_QUESTIONS) answers.set(q, await asker.ask(q, RAW_SCOPE));
  });
  afterAll(async () => {
    await world?.close();
  });

  it('answers every example (no refusal, by the parser or the layer)', () => {
    expect(EXAMPLE_QUESTIONS).toContain(REACH_EXAMPLE);
    const refused = [...answers].flatMap(([q, a]) => (a.kind === 'refusal' ? [`${q}: ${a.reason}`] : []));
    expect(refused).toEqual([]);
  });

  it('the reach example: one row per day and campaign with Meta’s own reach and frequency, and says so', async () => {
    const a = answers.get(REACH_EXAMPLE);
    if (a?.kind !== 'answer') throw new Error(`not answered: ${JSON.stringify(a)}`);
    const range = a.query.timeDimension?.dateRange;
    if (!range) throw new Error('no date range');
    const want = await world.rows(`
      select cast("date" as varchar) as day, cast(campaign_id as varchar) as campaign_id,
        reach::double as reach, impressions::double as impressions
      from raw.facebook_ads.basic_campaign
      where "date" between date '${range[0]}' and date '${range[1]}' and reach > 0`);
    expect(want.length).toBeGreaterThan(7);
    const key = (day: unknown, campaign: unknown) => `${String(day).slice(0, 10)}|${String(campaign)}`;
    const byKey = new Map(want.map((w) => [key(w.day, w.campaign_id), w]));
    const got = a.rows.filter((r) => Number(r['meta_reach.reach']) > 0);
    expect(got).toHaveLength(want.length);
    for (const r of got) {
      const w = byKey.get(key(r['date.day'], r['campaign.id']));
      expect(w, key(r['date.day'], r['campaign.id'])).toBeDefined();
      expect(r['meta_reach.reach']).toBe(w?.reach);
      expect(r['meta_reach.frequency'] as number).toBeCloseTo(Number(w?.impressions) / Number(w?.reach), 9);
      expect(typeof r['campaign.name']).toBe('string');
    }
    const top = want.reduce((x, y) => (Number(y.reach) > Number(x.reach) ? y : x));
    expect(a.sentence).toContain('per day and campaign only');
    expect(a.sentence).toContain(
      `on ${String(top.day)} at ${new Intl.NumberFormat('en-US').format(Number(top.reach))}.`,
    );
  });
});
