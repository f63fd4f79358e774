/**
 * The widgets' events. All bubble and are `composed` (they cross shadow roots) and carry a typed `detail`.
 *
 * @example
 * dashboard.addEventListener('miq-filter-change', (e) => console.log(e.detail.state.dateRange));
 */
import type { FilterState } from '../context/filter-state.js';
import type { Finding } from '../internal/agents-wire.js';
import type { MetricsQuery } from '../internal/wire.js';

export interface MiqLoadDetail {
  readonly panelId?: string;
  readonly rowCount: number;
  /** When the data's sources last synced (oldest first source), from the response's `meta.freshness`. */
  readonly freshness?: {
    readonly lastSyncedAt: string | null;
    readonly sources: Readonly<Record<string, string | null>>;
  };
}
export interface MiqErrorDetail {
  readonly panelId?: string;
  /** The offending field the API named (e.g. `name` of a saved view), when there is one. */
  readonly field?: string;
  readonly code: string;
  readonly message: string;
  readonly status: number;
}
export type FilterChangeReason = 'date-range' | 'compare' | 'selection' | 'cross-filter' | 'clear' | 'view';
export interface MiqFilterChangeDetail {
  readonly state: FilterState;
  readonly reason: FilterChangeReason;
}
export interface MiqDrillDetail {
  readonly panelId?: string;
  /** The member drilled from and the value chosen (`platform.code` = `meta`), or `null` when going back up. */
  readonly from: { readonly member: string; readonly value: string } | null;
  /** The member now shown. */
  readonly to: string;
  /** Every step from the top of the hierarchy. */
  readonly path: readonly { readonly member: string; readonly value: string }[];
}
export interface MiqExportDetail {
  readonly panelId?: string;
  readonly format: 'csv' | 'png';
  readonly filename: string;
  /** CSV text, or a `data:image/png` URL. */
  readonly data: string;
}
export interface MiqTokenExpiredDetail {
  readonly code: string;
}

/** A finding's "show the data" link of `<miq-insights>`: the metrics query that shows its evidence. */
export interface MiqFindingOpenDetail {
  readonly panelId?: string;
  /** The agent dashboard the finding belongs to. */
  readonly dashboard: string;
  readonly finding: Finding;
  /** The evidence query (a unified metrics query: hand it to `<miq-chart>`/`<miq-table>` or `client.metrics`). */
  readonly query: MetricsQuery;
}
/** `<miq-ask>` got an answer (or a refusal) for a question. */
export interface MiqAnswerDetail {
  readonly question: string;
  readonly kind: 'answer' | 'refusal';
  readonly rowCount: number;
  /** The query that ran (answers only). */
  readonly query?: MetricsQuery;
}

/** A saved view as the API lists it (`GET /api/v1/dashboards/{id}/views`). */
export interface SavedViewRef {
  readonly id: string;
  readonly name: string;
}
export type ViewChangeReason = 'apply' | 'save' | 'delete' | 'reset';
/**
 * The dashboard's saved view changed: one was applied (`apply`; also when opened by the `view` attribute), the
 * current state was saved as a new one (`save`), one was deleted (`delete`), or the tenant's defaults were restored
 * (`reset`). `view` is the active view afterwards (`null`: none); `state` the filter state in force.
 */
export interface MiqViewChangeDetail {
  readonly dashboard: string;
  readonly reason: ViewChangeReason;
  readonly view: SavedViewRef | null;
  /** The view the change was about (the deleted one for `delete`). */
  readonly subject: SavedViewRef | null;
  readonly state: FilterState;
}

export interface MiqEventDetails {
  'miq-view-change': MiqViewChangeDetail;
  'miq-load': MiqLoadDetail;
  'miq-error': MiqErrorDetail;
  'miq-filter-change': MiqFilterChangeDetail;
  'miq-drill': MiqDrillDetail;
  'miq-export': MiqExportDetail;
  'miq-token-expired': MiqTokenExpiredDetail;
  'miq-finding-open': MiqFindingOpenDetail;
  'miq-answer': MiqAnswerDetail;
}
export type MiqEventName = keyof MiqEventDetails;

/** Dispatches a bubbling, composed, typed event; returns false when a listener called `preventDefault()`. */
export function emit<K extends MiqEventName>(target: EventTarget, name: K, detail: MiqEventDetails[K]): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: true }));
}

declare global {
  interface GlobalEventHandlersEventMap {
    'miq-view-change': CustomEvent<MiqViewChangeDetail>;
    'miq-load': CustomEvent<MiqLoadDetail>;
    'miq-error': CustomEvent<MiqErrorDetail>;
    'miq-filter-change': CustomEvent<MiqFilterChangeDetail>;
    'miq-drill': CustomEvent<MiqDrillDetail>;
    'miq-export': CustomEvent<MiqExportDetail>;
    'miq-token-expired': CustomEvent<MiqTokenExpiredDetail>;
    'miq-finding-open': CustomEvent<MiqFindingOpenDetail>;
    'miq-answer': CustomEvent<MiqAnswerDetail>;
  }
}
