/**
 * The one place the widgets obtain their API client: `@miq/sdk-js`. The widgets read responses through the API's wire
 * types (`wire.ts`), so the client is seen through `MiqClientLike`.
 */
import { type ClientOptions, createClient as createSdkClient } from '@miq/sdk-js';
import type { AgentQueryResponse, AlertsResponse, RecommendResponse } from './agents-wire.js';
import type { DashboardDocument } from './dashboard-document.js';
import type { FilterOption, MetricsQuery, MetricsResponse } from './wire.js';

export { MiqAuthError, MiqError } from '@miq/sdk-js';
export type { ClientOptions };

/** What the widgets need from a client; the SDK's client satisfies it. */
export interface MiqClientLike {
  metrics(query: MetricsQuery, options?: { signal?: AbortSignal }): Promise<MetricsResponse>;
  filters(type: string, params?: { search?: string; limit?: number; offset?: number }): Promise<unknown>;
  readonly dashboards: {
    get(id: string): Promise<unknown>;
    /** The token's end user's (`sub`) saved views: `GET|POST /dashboards/{id}/views`, `POST …/{viewId}/delete`. */
    readonly views?: {
      list(id: string): Promise<unknown>;
      save(id: string, view: { name: string; state: unknown }): Promise<unknown>;
      remove(id: string, viewId: string): Promise<unknown>;
    };
  };
  /** The agents' endpoints (issue 11): `POST /agents/query`, `POST /agents/recommend`. */
  readonly agents: {
    query(request: { question: string }, options?: { signal?: AbortSignal }): Promise<unknown>;
    recommend(request: { dashboard: string }, options?: { signal?: AbortSignal }): Promise<unknown>;
  };
  /** `GET /alerts`. */
  alerts(
    params?: Readonly<Record<string, string | number | boolean | undefined>>,
    options?: { signal?: AbortSignal },
  ): Promise<unknown>;
  schema?(): Promise<unknown>;
  onTokenExpired(listener: (error: Error & { code?: string }) => void): () => void;
}

/** Creates an SDK client, typed for the widgets. */
export function createClient(options: ClientOptions): MiqClientLike {
  return createSdkClient(options) as unknown as MiqClientLike;
}

/** A dashboard document from `client.dashboards.get` (the API validates it; the widgets trust its shape). */
export async function getDashboard(client: MiqClientLike, id: string): Promise<DashboardDocument> {
  return (await client.dashboards.get(id)) as DashboardDocument;
}

/** Filter options of one type, whatever envelope the API wraps them in. */
export async function getFilterOptions(
  client: MiqClientLike,
  type: string,
  params: { search?: string; limit?: number },
): Promise<{ member: string | null; options: FilterOption[] }> {
  const res = (await client.filters(type, params)) as Record<string, unknown> | unknown[];
  const list = (Array.isArray(res) ? res : (res.options ?? res.values ?? res.items ?? res.rows ?? [])) as unknown[];
  const options = list.map((o): FilterOption => {
    if (o && typeof o === 'object') {
      const r = o as Record<string, unknown>;
      const value = String(r.value ?? r.id ?? r.code ?? '');
      return { value, label: String(r.label ?? r.name ?? r.title ?? value) };
    }
    return { value: String(o), label: String(o) };
  });
  const member = !Array.isArray(res) && typeof res.member === 'string' ? res.member : null;
  return { member, options };
}

/** An agent's findings for a dashboard (`POST /agents/recommend`). */
export async function getFindings(client: MiqClientLike, dashboard: string, signal?: AbortSignal) {
  return (await client.agents.recommend({ dashboard }, signal ? { signal } : {})) as RecommendResponse;
}

/** Anomaly alerts (`GET /alerts`); `sensitivity` 2…10 overrides the tenant's. */
export async function getAlerts(
  client: MiqClientLike,
  params: { sensitivity?: number; days?: number },
  signal?: AbortSignal,
) {
  const query: Record<string, number> = {};
  if (params.sensitivity !== undefined) query.sensitivity = params.sensitivity;
  if (params.days !== undefined) query.days = params.days;
  return (await client.alerts(query, signal ? { signal } : {})) as AlertsResponse;
}

/** A question in words (`POST /agents/query`): an answer with rows and a chart, or a refusal with suggestions. */
export async function askQuestion(client: MiqClientLike, question: string, signal?: AbortSignal) {
  return (await client.agents.query({ question }, signal ? { signal } : {})) as AgentQueryResponse;
}

/** A saved view as `GET /dashboards/{id}/views` lists it. */
export interface SavedView {
  readonly id: string;
  readonly name: string;
  readonly state: Record<string, unknown>;
  readonly createdAt?: string;
}

/** The token's user's saved views of a dashboard, oldest first. */
export async function listViews(client: MiqClientLike, dashboard: string): Promise<SavedView[]> {
  const res = (await client.dashboards.views!.list(dashboard)) as { views?: SavedView[] };
  return [...(res.views ?? [])];
}

/** Saves the state as a new view of the token's user; the API assigns its id. */
export async function saveView(client: MiqClientLike, dashboard: string, name: string, state: unknown) {
  return ((await client.dashboards.views!.save(dashboard, { name, state })) as { view: SavedView }).view;
}
