/**
 * The one place the widgets obtain their API client. Switches to `@miq/sdk-js` when it lands; every other module
 * imports the client type and factory from here.
 */

import type { DashboardDocument } from './dashboard-document.js';
import { createClient, MiqAuthError, MiqError } from './sdk-adapter.js';
import type { FilterOptionsResponse, MetricsQuery, MetricsResponse } from './wire.js';

export { createClient, MiqAuthError, MiqError };

/** What the widgets need from a client; satisfied by the SDK's client. */
export interface MiqClientLike {
  metrics(query: MetricsQuery, options?: { signal?: AbortSignal }): Promise<MetricsResponse>;
  filters(type: string, options?: { search?: string; limit?: number; offset?: number }): Promise<FilterOptionsResponse>;
  readonly dashboards: { get(id: string): Promise<DashboardDocument> };
  onTokenExpired(listener: (error: Error) => void): () => void;
}
