import { Hono } from 'hono';
import { parseOrThrow } from '../admin/validate.js';
import { createAlerter, semanticChangeSource } from '../agents/alerts/alerts.js';
import { type Asker, createAsker } from '../agents/ask.js';
import { createModelPlanner, loadChatModel, modelConfigFromEnv } from '../agents/model/planner.js';
import { createRecommender } from '../agents/recommend/recommend.js';
import { AgentQueryRequestSchema, RecommendRequestSchema } from '../agents/schemas.js';
import type { AppDeps } from '../app-deps.js';
import {
  requireTenantToken,
  type TenantAuthVariables,
  type TenantRequestPolicy,
  type TenantTokenVerifier,
} from '../auth/index.js';
import { MiqError } from '../errors/index.js';
import type { Catalog } from '../semantic/catalog/types.js';
import type { MetricsResponse } from '../wire/index.js';
import { type JsonBodyVariables, jsonBody } from './json-body.js';

/** The loaded catalog, when the semantic port is the real layer (it exposes members and facts). */
function realCatalog(deps: AppDeps): Catalog | undefined {
  const c = deps.semantic.catalog as Partial<Catalog>;
  return c.members instanceof Map && c.facts instanceof Map ? (c as Catalog) : undefined;
}

/**
 * `POST /agents/query` `{ question }` → an answer (the query that ran, rows, a sentence, a chart) or a refusal with
 * the closest supported questions. The planner is the configured language model (`deps.agents.planner`) or the
 * deterministic parser.
 */
export function agentRoutes(deps: AppDeps, verify: TenantTokenVerifier, policy?: TenantRequestPolicy) {
  let asker: Asker | undefined;
  const getAsker = (): Asker => {
    const catalog = realCatalog(deps);
    if (catalog === undefined) throw new MiqError('internal', { internal: 'agents need the real semantic layer' });
    if (asker === undefined) {
      // A model configured in the environment: LangChain is imported on the first question, never on the default path.
      const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
      const config = deps.agents?.planner ? null : modelConfigFromEnv(env);
      const titles = new Map([...catalog.members.values()].map((m) => [m.member, m.title] as const));
      const planner =
        deps.agents?.planner ??
        (config ? createModelPlanner({ model: () => loadChatModel(config), titles }) : undefined);
      asker = createAsker({
        catalog,
        query: (body, scope, options) => deps.semantic.query(body, scope, options) as Promise<MetricsResponse>,
        clock: deps.clock,
        ...(planner ? { planner } : {}),
      });
    }
    return asker;
  };
  let recommender: ReturnType<typeof createRecommender> | undefined;
  const getRecommender = () => {
    const catalog = realCatalog(deps);
    if (catalog === undefined) throw new MiqError('internal', { internal: 'agents need the real semantic layer' });
    const query = (
      body: unknown,
      scope: Parameters<typeof deps.semantic.query>[1],
      options?: { signal?: AbortSignal; now?: Date },
    ) => deps.semantic.query(body, scope, options) as Promise<MetricsResponse>;
    recommender ??= createRecommender({
      catalog,
      query,
      alerter: createAlerter({ query, changes: deps.agents?.changes ?? semanticChangeSource(query) }),
    });
    return recommender;
  };
  return new Hono<{ Variables: TenantAuthVariables & JsonBodyVariables }>()
    .post(
      '/agents/recommend',
      requireTenantToken(verify, policy),
      jsonBody({ maxBytes: deps.config.bodyLimitBytes }),
      async (c) => {
        const body = parseOrThrow(RecommendRequestSchema, c.var.body);
        const result = await getRecommender().recommend(
          body.dashboard,
          c.var.auth.scope,
          deps.clock(),
          c.req.raw.signal,
        );
        c.header('Cache-Control', 'private, no-store');
        return c.json(result);
      },
    )
    .post(
      '/agents/query',
      requireTenantToken(verify, policy),
      jsonBody({ maxBytes: deps.config.bodyLimitBytes }),
      async (c) => {
        const body = parseOrThrow(AgentQueryRequestSchema, c.var.body);
        const result = await getAsker().ask(body.question, c.var.auth.scope, c.req.raw.signal);
        c.header('Cache-Control', 'private, no-store');
        return c.json(result);
      },
    );
}
