/**
 * The question-answering agent: question → (model planner when configured, else the deterministic parser) → metrics
 * query → the semantic layer (tenant, locked filters and allowed members applied there, as for every query) → answer.
 */
import { scopeKey } from '../auth/scope-key.js';
import { MiqError } from '../errors/index.js';
import type { Catalog } from '../semantic/catalog/types.js';
import type { TenantScope } from '../semantic/scope.js';
import type { MetricsRequest, MetricsResponse } from '../wire/index.js';
import { answerSentence, suggestChart } from './query/answer.js';
import { buildParseContext } from './query/context.js';
import { type ParseContext, parseQuestion } from './query/parse.js';
import type { AgentQueryResponse } from './schemas.js';

export type QueryFn = (
  body: unknown,
  scope: TenantScope,
  options?: { signal?: AbortSignal; now?: Date },
) => Promise<MetricsResponse>;

/** A model-backed planner (see `model/planner.ts`): returns a query body or a refusal reason. */
export interface QuestionPlanner {
  plan(
    question: string,
    ctx: ParseContext,
    scope: TenantScope,
  ): Promise<{ kind: 'query'; query: MetricsRequest } | { kind: 'refusal'; reason: string }>;
}

export interface AskDeps {
  readonly catalog: Catalog;
  readonly query: QueryFn;
  readonly clock: () => Date;
  readonly planner?: QuestionPlanner;
  /** How long a tenant's entity list (filter options) is reused; default 300 s. */
  readonly entityTtlMs?: number;
}

export const CANT_ANSWER = "I can't answer that yet.";

export function createAsker(deps: AskDeps) {
  const ttl = deps.entityTtlMs ?? 300_000;
  const contexts = new Map<string, { at: number; ctx: Promise<ParseContext> }>();

  function contextFor(scope: TenantScope, now: Date): Promise<ParseContext> {
    const key = `${deps.catalog.version}|${scopeKey(scope)}`;
    const hit = contexts.get(key);
    if (hit && now.getTime() - hit.at < ttl) return hit.ctx;
    if (contexts.size > 500) contexts.clear();
    const ctx = buildParseContext(deps.catalog, scope, (b, s) => deps.query(b, s, { now }), now);
    contexts.set(key, { at: now.getTime(), ctx });
    ctx.catch(() => contexts.delete(key));
    return ctx;
  }

  async function ask(question: string, scope: TenantScope, signal?: AbortSignal): Promise<AgentQueryResponse> {
    const now = deps.clock();
    const ctx = await contextFor(scope, now);
    const refusal = (reason: string, suggestions: readonly string[] = []): AgentQueryResponse => ({
      kind: 'refusal',
      question,
      message: CANT_ANSWER,
      reason,
      suggestions: [...suggestions],
    });
    let request: MetricsRequest;
    let source: 'parser' | 'model';
    if (deps.planner) {
      const planned = await deps.planner.plan(question, ctx, scope);
      if (planned.kind === 'refusal') {
        const fallback = parseQuestion('', ctx);
        return refusal(planned.reason, fallback.kind === 'refusal' ? fallback.suggestions : []);
      }
      request = planned.query;
      source = 'model';
    } else {
      const parsed = parseQuestion(question, ctx);
      if (parsed.kind === 'refusal') return refusal(parsed.reason, parsed.suggestions);
      request = parsed.query;
      source = 'parser';
    }
    let res: MetricsResponse;
    try {
      res = await deps.query(request, scope, { ...(signal ? { signal } : {}), now });
    } catch (error) {
      // A query the semantic layer refuses (a member outside the token's scope, a lock it cannot reach) is a refusal
      // of the question, not a server error; anything else propagates.
      if (error instanceof MiqError && (error.status === 400 || error.status === 403)) {
        return refusal(`The question maps to a query you may not run: ${error.message}`);
      }
      throw error;
    }
    return {
      kind: 'answer',
      question,
      source,
      request,
      query: res.query,
      rows: res.rows,
      annotation: res.annotation,
      sentence: answerSentence(request, res, scope.reportingCurrency, ctx.grain),
      chart: suggestChart(request, res),
    };
  }

  return { ask, contextFor };
}
export type Asker = ReturnType<typeof createAsker>;
