/**
 * The one place the widgets obtain their API client: `@miq/sdk-js`. The widgets read responses through the API's wire
 * types (`wire.ts`), so the client is seen through `MiqClientLike`.
 */
import { type ClientOptions, createClient as createSdkClient } from '@miq/sdk-js';
import type { DashboardDocument } from './dashboard-document.js';
import type { FilterOption, MetricsQuery, MetricsResponse } from './wire.js';

export { MiqAuthError, MiqError } from '@miq/sdk-js';
export type { ClientOptions };

/** What the widgets need from a client; the SDK's client satisfies it. */
export interface MiqClientLike {
  metrics(query: MetricsQuery, options?: { signal?: AbortSignal }): Promise<MetricsResponse>;
  filters(type: string, params?: { search?: string; limit?: number; offset?: number }): Promise<unknown>;
  readonly dashboards: { get(id: string): Promise<unknown> };
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
