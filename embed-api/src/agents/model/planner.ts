/**
 * The language-model path of `/agents/query`. Provider, model and key come from the environment; LangChain and the
 * provider package are imported dynamically only when a model is configured, so the default path (the deterministic
 * parser) and the Workers bundle never load them. The model gets the catalog as context and must answer in the unified
 * query schema; its answer is validated like any client query (and again by the semantic layer) before it runs. It
 * never writes SQL and never sees rows.
 */
import { z } from 'zod';
import type { TenantScope } from '../../semantic/scope.js';
import { type MetricsRequest, MetricsRequestSchema } from '../../wire/index.js';
import type { QuestionPlanner } from '../ask.js';
import type { ParseContext } from '../query/parse.js';

export const MODEL_PROVIDERS = ['openai', 'anthropic', 'azure_openai'] as const;
export type ModelProvider = (typeof MODEL_PROVIDERS)[number];

export interface ModelConfig {
  readonly provider: ModelProvider;
  readonly model: string;
  readonly apiKey: string;
}

/** Package LangChain needs for each provider (not installed by default; install it to use the provider). */
export const PROVIDER_PACKAGES: Record<ModelProvider, string> = {
  openai: '@langchain/openai',
  anthropic: '@langchain/anthropic',
  azure_openai: '@langchain/openai',
};

/**
 * `MIQ_AGENT_MODEL_PROVIDER` (openai | anthropic | azure_openai), `MIQ_AGENT_MODEL` (e.g. gpt-4.1-mini) and
 * `MIQ_AGENT_MODEL_API_KEY`. Azure also reads LangChain's own `AZURE_OPENAI_API_INSTANCE_NAME`,
 * `AZURE_OPENAI_API_DEPLOYMENT_NAME`, `AZURE_OPENAI_API_VERSION`. None set → null (the deterministic parser).
 * Partly set or an unknown provider → an Error naming the variable.
 */
export function modelConfigFromEnv(env: Readonly<Record<string, string | undefined>>): ModelConfig | null {
  const provider = env.MIQ_AGENT_MODEL_PROVIDER?.trim();
  const model = env.MIQ_AGENT_MODEL?.trim();
  const apiKey = env.MIQ_AGENT_MODEL_API_KEY?.trim();
  if (!provider && !model && !apiKey) return null;
  if (!provider || !(MODEL_PROVIDERS as readonly string[]).includes(provider)) {
    throw new Error(`MIQ_AGENT_MODEL_PROVIDER must be one of ${MODEL_PROVIDERS.join(', ')} (got "${provider ?? ''}").`);
  }
  if (!model) throw new Error('MIQ_AGENT_MODEL is required when MIQ_AGENT_MODEL_PROVIDER is set.');
  if (!apiKey) throw new Error('MIQ_AGENT_MODEL_API_KEY is required when MIQ_AGENT_MODEL_PROVIDER is set.');
  return { provider: provider as ModelProvider, model, apiKey };
}

/** The part of a LangChain chat model the planner uses (a `BaseChatModel` fits). */
export interface ChatModelLike {
  invoke(messages: [string, string][]): Promise<{ content: unknown }>;
}

/** Loads `langchain` and the provider package on demand; a missing package is a clear error, not a crash. */
export async function loadChatModel(config: ModelConfig): Promise<ChatModelLike> {
  let initChatModel: (model: string, fields: Record<string, unknown>) => Promise<unknown>;
  try {
    // A computed specifier: bundlers (the Workers build) leave it alone, so LangChain is never in the default bundle.
    const specifier = ['lang', 'chain'].join('');
    ({ initChatModel } = (await import(/* @vite-ignore */ specifier)) as { initChatModel: typeof initChatModel });
  } catch (error) {
    throw new Error(`The agents' model path needs the "langchain" package: ${(error as Error).message}`);
  }
  try {
    const model = await initChatModel(config.model, {
      modelProvider: config.provider,
      apiKey: config.apiKey,
      temperature: 0,
    });
    return model as ChatModelLike;
  } catch (error) {
    throw new Error(
      `Cannot load the ${config.provider} chat model: install ${PROVIDER_PACKAGES[config.provider]} ` +
        `(npm install -w @miq/embed-api ${PROVIDER_PACKAGES[config.provider]}). Cause: ${(error as Error).message}`,
    );
  }
}

/** What the model must return: a query in the unified schema, or a refusal reason. Nothing else. */
export const PlannerOutputSchema = z.union([
  z.strictObject({ query: MetricsRequestSchema }),
  z.strictObject({ refusal: z.string().min(1).max(500) }),
]);

const SQL_RE =
  /\b(select\s[\s\S]*\bfrom|insert\s+into|update\s+\w+\s+set|delete\s+from|drop\s+(table|schema)|create\s+table|union\s+select|with\s+\w+\s+as\s*\()/i;

/** Every member a query names (measures, dimensions, time, filters, order). */
function membersOf(q: MetricsRequest): string[] {
  const out: string[] = [...(q.measures ?? []), ...(q.dimensions ?? [])];
  if (q.timeDimension) out.push(q.timeDimension.dimension);
  const walk = (f: unknown) => {
    const o = f as { member?: string; and?: unknown[]; or?: unknown[] };
    if (o.member) out.push(o.member);
    for (const g of o.and ?? []) walk(g);
    for (const g of o.or ?? []) walk(g);
  };
  for (const f of q.filters ?? []) walk(f);
  for (const [m] of q.order ?? []) out.push(m);
  return out;
}

export type ModelVerdict = { kind: 'query'; query: MetricsRequest } | { kind: 'refusal'; reason: string };

/**
 * Validates the model's raw answer: JSON in the planner schema (a strict object: a `tenant` or `sql` field is
 * refused), no SQL text anywhere, and only members this scope may use. Never repairs a bad answer.
 */
export function checkModelOutput(raw: unknown, ctx: ParseContext): ModelVerdict {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    if (SQL_RE.test(raw))
      return { kind: 'refusal', reason: 'The model answered with SQL text; only catalog queries are accepted.' };
    const text = raw.trim().replace(/^```(?:json)?\s*|\s*```$/g, '');
    try {
      value = JSON.parse(text);
    } catch {
      return { kind: 'refusal', reason: 'The model did not answer with a query in the unified schema.' };
    }
  }
  if (SQL_RE.test(JSON.stringify(value))) {
    return { kind: 'refusal', reason: 'The model answered with SQL text; only catalog queries are accepted.' };
  }
  const parsed = PlannerOutputSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = JSON.stringify(value).match(/"(tenant|tenantId|tenant_id|warehouseLocation)"/);
    if (keys)
      return {
        kind: 'refusal',
        reason: `The model's query names a tenant (${keys[1]}); the tenant comes from the token only.`,
      };
    return {
      kind: 'refusal',
      reason: `The model's query is not valid: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}.`,
    };
  }
  if ('refusal' in parsed.data) return { kind: 'refusal', reason: parsed.data.refusal };
  const query = parsed.data.query;
  const unknown = membersOf(query).filter((m) => !ctx.members.has(m));
  if (unknown.length > 0) {
    return { kind: 'refusal', reason: `The model's query uses unknown members: ${[...new Set(unknown)].join(', ')}.` };
  }
  if ((query.measures ?? []).length === 0) return { kind: 'refusal', reason: "The model's query has no measure." };
  return { kind: 'query', query };
}

/** The catalog as context: members the scope may use, with titles; never rows. */
export function systemPrompt(ctx: ParseContext, titles: ReadonlyMap<string, string>, timeZone: string): string {
  const members = [...ctx.members]
    .sort()
    .map((m) => `- ${m}${titles.get(m) ? `: ${titles.get(m)}` : ''}`)
    .join('\n');
  const entities = ctx.entities
    .slice(0, 300)
    .map((e) => `- ${e.member} = ${JSON.stringify(e.value)}`)
    .join('\n');
  return [
    "You translate a marketer's question into ONE metrics query in JSON. Never write SQL. Never name a tenant.",
    'Answer with exactly {"query": {...}} or {"refusal": "why"} and nothing else.',
    'Query fields: measures (member names), dimensions, timeDimension {dimension:"date.day", granularity?: day|week|month|quarter|year, dateRange: "last 30 days" | "last month" | "this quarter" | "yesterday" | ["YYYY-MM-DD","YYYY-MM-DD"]},',
    'compare ("previous_period" | "previous_year"), filters [{member, operator: equals|notEquals|in|contains|gt|gte|lt|lte, values}], order [[member, "asc"|"desc"]], limit.',
    `Today is ${ctx.today} in ${timeZone}. Default dateRange: "last 30 days".`,
    'Use ONLY these members; if the question needs anything else, refuse:',
    members,
    'Known names (use them as equals filters):',
    entities,
  ].join('\n');
}

/** A planner over a chat model (LangChain's, or a fake one in tests). */
export function createModelPlanner(deps: {
  readonly model: ChatModelLike | (() => Promise<ChatModelLike>);
  readonly titles?: ReadonlyMap<string, string>;
}): QuestionPlanner {
  let loaded: Promise<ChatModelLike> | undefined;
  const model = () => {
    loaded ??= typeof deps.model === 'function' ? deps.model() : Promise.resolve(deps.model);
    return loaded;
  };
  return {
    async plan(question: string, ctx: ParseContext, scope: TenantScope) {
      const m = await model();
      const res = await m.invoke([
        ['system', systemPrompt(ctx, deps.titles ?? new Map(), scope.timeZone)],
        ['human', question],
      ]);
      const content =
        typeof res.content === 'string'
          ? res.content
          : Array.isArray(res.content)
            ? res.content.map((p) => (typeof p === 'string' ? p : ((p as { text?: string }).text ?? ''))).join('')
            : res.content;
      return checkModelOutput(content, ctx);
    },
  };
}
