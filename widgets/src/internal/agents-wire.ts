/**
 * The agents' response shapes as the widgets read them (`POST /api/v1/agents/recommend`, `GET /api/v1/alerts`,
 * `POST /api/v1/agents/query`). They mirror the zod schemas of `embed-api/src/agents/schemas.ts`, which the API's wire
 * module does not export yet; the SDK types these responses as plain JSON until it does.
 */
import type { Annotation, MetricsRequest, NormalizedQuery, Row } from '@miq/embed-api/wire';

export type Severity = 'high' | 'medium' | 'low';

export interface Finding {
  readonly id: string;
  readonly agent: string;
  readonly rule: string;
  readonly severity: Severity;
  readonly entity: { readonly member: string; readonly value: string; readonly label: string };
  readonly title: string;
  readonly evidence: {
    /** Named numbers the finding rests on. */
    readonly numbers: Readonly<Record<string, number>>;
    /** The metrics query that shows them. */
    readonly query: MetricsRequest;
  };
  readonly action: string;
  /** Estimated impact in the tenant's reporting currency (null when it cannot be computed). */
  readonly impact: number | null;
  readonly currency: string;
}

export interface RecommendResponse {
  readonly dashboard: string;
  readonly findings: readonly Finding[];
  /** Rules the analyzer could not apply (yet), with the members it lacks. */
  readonly unavailable: readonly { readonly rule: string; readonly missing: readonly string[] }[];
}

export interface AlertChange {
  readonly date: string;
  readonly kind: string;
  readonly entity: string;
  readonly detail: string;
}

export interface Alert {
  readonly id: string;
  readonly kpi: string;
  readonly member: string;
  readonly date: string;
  readonly value: number;
  readonly expected: number;
  /** (value − expected) / expected. */
  readonly relativeChange: number;
  readonly score: number;
  readonly direction: 'up' | 'down';
  readonly severity: Severity;
  /** Setting changes in the 3 days before the alert. */
  readonly changes: readonly AlertChange[];
}

export interface AlertsResponse {
  readonly alerts: readonly Alert[];
  readonly window: readonly [string, string];
  readonly sensitivity: number;
}

export interface AgentAnswer {
  readonly kind: 'answer';
  readonly question: string;
  readonly source: 'parser' | 'model';
  readonly request: MetricsRequest;
  readonly query: NormalizedQuery;
  readonly rows: readonly Row[];
  readonly annotation: Readonly<Record<string, Annotation>>;
  readonly sentence: string;
  /** A Vega-Lite spec reading `data: { name: 'rows' }`, or null for a single number. */
  readonly chart: Record<string, unknown> | null;
}

export interface AgentRefusal {
  readonly kind: 'refusal';
  readonly question: string;
  readonly message: string;
  readonly reason: string;
  readonly suggestions: readonly string[];
}

export type AgentQueryResponse = AgentAnswer | AgentRefusal;
