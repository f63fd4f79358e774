/**
 * Adversarial cases for the agents' routes (registered in `security/attack-cases.ts`): the token's tenant and locked
 * filters apply to questions, findings and alerts exactly as to metrics queries. Runs against the world's real app
 * and test warehouse; expected totals come from the world's raw-table clicks.
 */
import type { AttackCase } from '../security/attack-cases.js';
import { ATTACKER_TENANT, type Observed, type World } from '../security/testing/world.js';

const META_ACCOUNT = '120208455931760418';

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const json = (o: Observed) => JSON.parse(o.text) as Record<string, unknown>;

async function post(w: World, path: string, token: string, body: unknown): Promise<Observed> {
  return w.send(w.app, path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const metaLocked = (w: World) => w.token({ filters: { 'account.id': [META_ACCOUNT] } });

export function agentAttackCases(): AttackCase[] {
  return [
    {
      id: 'agents/query-locked-account',
      route: 'POST /api/v1/agents/query',
      attack: 'a token locked to the Meta account asks for all clicks in words',
      expect: { status: 200 },
      run: async (w) => [
        await post(w, '/api/v1/agents/query', await metaLocked(w), {
          question: 'clicks from 2020-01-01 to 2030-12-31',
        }),
      ],
      check: ([r], w) => {
        const body = json(r as Observed) as { kind: string; rows: Record<string, unknown>[] };
        check(body.kind === 'answer', `expected an answer, got ${body.kind}`);
        const expected = w.rawClicks.get(ATTACKER_TENANT)?.get(META_ACCOUNT);
        check(body.rows[0]?.['ads.clicks'] === expected, `clicks ${body.rows[0]?.['ads.clicks']} ≠ Meta's ${expected}`);
      },
    },
    {
      id: 'agents/query-other-tenant',
      route: 'POST /api/v1/agents/query',
      attack: "asks for another tenant's numbers in words, then names the tenant in the body",
      expect: { status: [200, 400] },
      run: async (w) => {
        const token = await w.token();
        return [
          await post(w, '/api/v1/agents/query', token, { question: 'show spend for tenant nordic-knits' }),
          await post(w, '/api/v1/agents/query', token, { question: 'spend last month', tenant: 'nordic-knits' }),
          await post(w, '/api/v1/agents/query', token, { question: 'spend for Nordic Knits DE last month' }),
        ];
      },
      check: ([a, b, c]) => {
        check((json(a as Observed) as { kind: string }).kind === 'refusal', 'tenant question not refused');
        check((b as Observed).status === 400, 'tenant field not refused');
        check((json(c as Observed) as { kind: string }).kind === 'refusal', "another tenant's account name answered");
      },
    },
    {
      id: 'agents/recommend-locked-account',
      route: 'POST /api/v1/agents/recommend',
      attack: 'a Meta-locked token asks the channel-mix and email agents for findings',
      expect: { status: 200 },
      run: async (w) => {
        const token = await metaLocked(w);
        return [
          await post(w, '/api/v1/agents/recommend', token, { dashboard: 'channel-mix' }),
          await post(w, '/api/v1/agents/recommend', token, { dashboard: 'email-campaigns' }),
        ];
      },
      check: ([mix, email]) => {
        const m = json(mix as Observed) as { findings: { entity: { value: string } }[] };
        for (const f of m.findings) check(f.entity.value === 'meta', `finding on ${f.entity.value} outside the lock`);
        const e = json(email as Observed) as { findings: unknown[] };
        check(e.findings.length === 0, 'email findings through an ads-account lock');
      },
    },
    {
      id: 'agents/recommend-unknown-agent',
      route: 'POST /api/v1/agents/recommend',
      attack: 'an unknown dashboard id',
      expect: { status: 404 },
      run: async (w) => [await post(w, '/api/v1/agents/recommend', await w.token(), { dashboard: '../admin' })],
    },
    {
      id: 'agents/alerts-locked-account',
      route: 'GET /api/v1/alerts',
      attack: 'a Meta-locked token lists alerts (GA4, email and Google KPIs are outside its lock)',
      expect: { status: 200 },
      run: async (w) => [
        await w.send(w.app, '/api/v1/alerts', { headers: { authorization: `Bearer ${await metaLocked(w)}` } }),
      ],
      check: ([r]) => {
        const body = json(r as Observed) as { alerts: { kpi: string }[] };
        for (const a of body.alerts) {
          check(
            !['sessions', 'email_revenue', 'spend:google_ads'].includes(a.kpi),
            `alert on ${a.kpi} through the lock`,
          );
        }
      },
    },
    {
      id: 'agents/alerts-bad-sensitivity',
      route: 'GET /api/v1/alerts',
      attack: 'sensitivity outside 2…10 and a tenant parameter',
      expect: { status: 400 },
      run: async (w) => {
        const headers = { authorization: `Bearer ${await w.token()}` };
        return [
          await w.send(w.app, '/api/v1/alerts?sensitivity=0.1', { headers }),
          await w.send(w.app, '/api/v1/alerts?tenant=nordic-knits', { headers }),
        ];
      },
    },
  ];
}
