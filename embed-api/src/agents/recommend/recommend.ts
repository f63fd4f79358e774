/**
 * `POST /api/v1/agents/recommend` `{ dashboard }`: runs that agent's analyzer and ranks its findings by estimated
 * impact (in the tenant's reporting currency; findings without an estimate last, by severity).
 */
import { MiqError } from '../../errors/index.js';
import type { Catalog } from '../../semantic/catalog/types.js';
import type { TenantScope } from '../../semantic/scope.js';
import type { Alerter } from '../alerts/alerts.js';
import type { QueryFn } from '../ask.js';
import { formatValue } from '../query/answer.js';
import { membersFor, todayIn } from '../query/context.js';
import type { Finding, RecommendResponse } from '../schemas.js';
import { analyzers } from './analyzers.js';
import { addDays } from './types.js';

const SEVERITY_RANK = { high: 0, medium: 1, low: 2 } as const;

/**
 * By estimated impact, except that the strongest estimated finding of each rule comes first: one situation spread over
 * several entities (three wasted search terms of one kind, say) must not push every other kind of problem the agent
 * found off the top of the list. Findings without an estimate come last, by severity.
 */
export function rankFindings(findings: readonly Finding[]): Finding[] {
  const byImpact = [...findings].sort(
    (a, b) =>
      (b.impact ?? Number.NEGATIVE_INFINITY) - (a.impact ?? Number.NEGATIVE_INFINITY) ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      a.id.localeCompare(b.id),
  );
  const leaders = new Set<Finding>();
  const rules = new Set<string>();
  for (const f of byImpact) {
    if (f.impact !== null && !rules.has(f.rule)) {
      rules.add(f.rule);
      leaders.add(f);
    }
  }
  return [...leaders, ...byImpact.filter((f) => !leaders.has(f))];
}

export function createRecommender(deps: {
  readonly catalog: Catalog;
  readonly query: QueryFn;
  readonly alerter: Alerter;
}) {
  const byId = analyzers(deps.alerter);
  async function recommend(dashboard: string, scope: TenantScope, now: Date, signal?: AbortSignal) {
    const analyzer = byId.get(dashboard);
    if (!analyzer) {
      throw new MiqError('not_found', {
        message: `No agent for dashboard "${dashboard}". Agents: ${[...byId.keys()].join(', ')}.`,
      });
    }
    const members = membersFor(deps.catalog, scope);
    const unavailable: RecommendResponse['unavailable'] = [];
    const ok = new Set<string>();
    for (const rule of analyzer.rules) {
      const missing = rule.members.filter((m) => !members.has(m));
      if (missing.length > 0) unavailable.push({ rule: rule.id, missing });
      else ok.add(rule.id);
    }
    let findings: Finding[] = [];
    if (ok.size > 0) {
      try {
        findings = await analyzer.analyze(
          {
            scope,
            now,
            end: addDays(todayIn(scope.timeZone, now), -1),
            members,
            run: (q) => deps.query(q, scope, { now, ...(signal ? { signal } : {}) }),
            money: (v) =>
              formatValue(
                v,
                { title: '', kind: 'measure', type: 'number', format: 'currency' },
                scope.reportingCurrency,
              ),
          },
          ok,
        );
      } catch (error) {
        // The token's locks cannot reach this agent's facts: nothing to show, said plainly.
        if (error instanceof MiqError && error.status === 403) {
          return { dashboard, findings: [], unavailable: [{ rule: '*', missing: ['(outside your locked filters)'] }] };
        }
        throw error;
      }
    }
    return { dashboard, findings: rankFindings(findings), unavailable } satisfies RecommendResponse;
  }
  return { recommend, agents: [...byId.keys()] };
}
