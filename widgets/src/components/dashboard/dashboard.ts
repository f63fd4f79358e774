import { provide } from '@lit/context';
import { Task } from '@lit/task';
import type { SchemaResponse } from '@miq/embed-api/wire';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { catalogContext, type MemberFacts, memberFacts } from '../../context/catalog.js';
import { envContext, filterStateContext, type MiqEnv } from '../../context/env-context.js';
import { type FilterState, INITIAL_FILTER_STATE } from '../../context/filter-state.js';
import { emit, type MiqFilterChangeDetail, type MiqLoadDetail, type MiqViewChangeDetail } from '../../events/index.js';
import { formatAgo } from '../../i18n/format.js';
import { msg } from '../../i18n/messages.js';
import { getDashboard, type MiqClientLike } from '../../internal/client.js';
import type { DashboardDocument, DocumentPanel } from '../../internal/dashboard-document.js';
import type { MiqAgentPanel } from '../../internal/miq-agent-panel.js';
import { MiqElement } from '../../internal/miq-element.js';
import type { MiqPanelElement } from '../../internal/miq-panel.js';
import { applyLocks, withStored } from '../../internal/view-state.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import { MiqChart } from '../chart/chart.js';
import { MiqFilterBar } from '../filter-bar/filter-bar.js';
import { MiqKpi } from '../kpi/kpi.js';
import { MiqTable } from '../table/table.js';
import { dashboardStyles } from './dashboard.styles.js';

const CHILDREN = [
  ['miq-kpi', MiqKpi],
  ['miq-table', MiqTable],
  ['miq-chart', MiqChart],
  ['miq-filter-bar', MiqFilterBar],
] as const;
/** The agent elements are a lazy chunk, loaded once a document has an agent panel. */
let agentElements: Promise<void> | null = null;
function loadAgentElements(): Promise<void> {
  agentElements ??= import('../../agents.js').then((m) => m.defineAgentElements());
  return agentElements;
}
/** The saved-views menu is a lazy chunk too: the panels never wait for it. */
let savedViews: Promise<unknown> | null = null;
function loadSavedViews(): Promise<unknown> {
  savedViews ??= import('../saved-views/define.js');
  return savedViews;
}

/**
 * A whole dashboard: loads the document (`GET /api/v1/dashboards/{id}`), shows its filter bar and lays its panels out
 * on a 12-column grid that follows the element's own width. Panels share the client, display settings and filter
 * state (including cross-filter selections) through context; each panel loads, fails and retries on its own.
 *
 * @example
 * <miq-dashboard id="google-ads" api-base="https://analytics.example.com" token="…" theme="auto"></miq-dashboard>
 * <!-- two copies of one dashboard on a page: the `dashboard` attribute wins over `id` -->
 * <miq-dashboard id="left" dashboard="overview" …></miq-dashboard>
 *
 * @fires miq-load - A panel loaded (detail names the panel).
 * @fires miq-error - A panel or the document failed.
 * @fires miq-filter-change - The filter state changed (filter bar, cross-filter, or a saved view applied: `view`).
 * @fires miq-view-change - A saved view was applied (also by the `view` attribute), saved or deleted, or the
 * defaults restored.
 * @fires miq-drill - A panel drilled down or up.
 * @fires miq-export - A panel exported CSV or PNG.
 * @fires miq-finding-open - "Show the data" on a finding of an agent panel.
 * @fires miq-token-expired - The token expired and no `tokenProvider` could refresh it; set a new `token`.
 * @csspart dashboard - The whole layout.
 * @csspart header - Title, description and freshness.
 * @csspart freshness - "Updated 2 h ago" (per source on hover).
 * @csspart grid - The panel grid.
 * @csspart toolbar - The filter bar and the saved-views menu.
 * @csspart filter-bar - The filter bar.
 * @csspart saved-views - The saved-views menu (`<miq-saved-views>`).
 * @cssproperty --miq-color-surface - Panel background.
 * @cssproperty --miq-color-text - Text colour.
 * @cssproperty --miq-color-accent - Accent (focus, links, selections).
 * @cssproperty --miq-font-family - Font.
 * @cssproperty --miq-space-m - Gap between panels.
 * @cssproperty --miq-radius-m - Panel corner radius.
 */
export class MiqDashboard extends MiqElement {
  static override styles = [tokenStyles, dashboardStyles];

  /** The dashboard to show; wins over `id`, so two copies of one dashboard can share a page. */
  @property() dashboard?: string;
  /** A dashboard document to render instead of loading one. */
  @property({ attribute: false }) definition?: DashboardDocument;
  /** A saved view (id) of the token's user to open: the panels wait for it, then load once with its filters. */
  @property() view?: string;
  /** Hide the saved-views menu. */
  @property({ type: Boolean, attribute: 'no-views' }) noViews = false;

  /** The document the filter state was last reconciled with, and the id whose defaults it started from. */
  private startedFrom?: DashboardDocument;
  private startedId?: string;
  /** The `view` attribute value that has been applied (or found missing). */
  @state() private viewSettled?: string;

  @provide({ context: filterStateContext })
  @state()
  filterState: FilterState = INITIAL_FILTER_STATE;

  @provide({ context: envContext })
  @state()
  private providedEnv?: MiqEnv;

  @provide({ context: catalogContext })
  @state()
  catalog?: MemberFacts;

  protected readonly catalogTask = new Task(this, {
    task: async ([client, panelsLoaded]: readonly [MiqClientLike | null, boolean]) => {
      const schema = (client as { schema?: () => Promise<unknown> } | null)?.schema;
      // asked for once the first panel has its data, so it never competes with the first paint
      if (!client || !schema || !panelsLoaded) return this.catalog;
      try {
        this.catalog = memberFacts((await schema.call(client)) as SchemaResponse);
      } catch {
        // without the catalog every filter is sent and the API decides
        this.catalog = undefined;
      }
      return this.catalog;
    },
    args: () => [this.env.client, this.panelsLoaded] as const,
  });

  @state() private panelsLoaded = false;

  @state() private freshness: { lastSyncedAt: string | null; sources: Record<string, string | null> } | null = null;

  private readonly docTask = new Task(this, {
    task: async ([client, id]: readonly [MiqClientLike | null, string]) => {
      if (!client || !id) return undefined;
      try {
        return await getDashboard(client, id);
      } catch (error) {
        // the document itself failed (403 outside the token's scope, 404, network): say so to the host too
        const e = error as { code?: string; message?: string; status?: number };
        emit(this, 'miq-error', {
          code: e.code ?? 'error',
          message: e.message ?? String(error),
          status: e.status ?? 0,
        });
        throw error;
      }
    },
    args: () => [this.definition ? null : this.env.client, this.dashboardId] as const,
  });

  /** The dashboard id in force: `dashboard`, else `id`. */
  get dashboardId(): string {
    return this.dashboard ?? this.id;
  }

  /** The document being shown. */
  get document(): DashboardDocument | undefined {
    return this.definition ?? this.docTask.value;
  }

  /** The panel elements of the grid. */
  get panels(): MiqPanelElement[] {
    return [...(this.renderRoot?.querySelectorAll<MiqPanelElement>('.grid > :not(.agent-panel)') ?? [])];
  }

  /** The agent panels of the grid (`<miq-insights>`, `<miq-alerts>`). */
  get agentPanels(): MiqAgentPanel<unknown>[] {
    return [...(this.renderRoot?.querySelectorAll<MiqAgentPanel<unknown>>('.grid > .agent-panel') ?? [])];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    for (const [tag, cls] of CHILDREN) if (!customElements.get(tag)) customElements.define(tag, cls);
  }

  /** The tenant's default filter state for the document shown (its `defaultFilters`, locked filters winning). */
  get defaultState(): FilterState {
    const doc = this.document;
    return withStored(INITIAL_FILTER_STATE, doc?.defaultFilters, doc?.lockedFilters);
  }

  /** Whether the saved-views menu is shown: a document served by the API and a client that reaches saved views. */
  private get viewsShown(): boolean {
    return !this.noViews && !this.definition && !!this.env.client?.dashboards.views && !!this.document;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    const env = this.env;
    const doc = this.document;
    if (doc && doc !== this.startedFrom) {
      // another dashboard starts from the tenant's default filters; the same one reloaded (e.g. with a new token)
      // keeps the user's filters. The token's locks win either way.
      this.startedFrom = doc;
      if (doc.id !== this.startedId) this.filterState = this.defaultState;
      else this.filterState = applyLocks(this.filterState, doc.lockedFilters);
      this.startedId = doc.id;
    }
    const next: MiqEnv = {
      ...env,
      ...((env.currency ?? doc?.currency) ? { currency: env.currency ?? doc?.currency } : {}),
      ...((env.timeZone ?? doc?.timeZone) ? { timeZone: env.timeZone ?? doc?.timeZone } : {}),
    };
    const prev = this.providedEnv;
    if (
      !prev ||
      prev.client !== next.client ||
      prev.locale !== next.locale ||
      prev.theme !== next.theme ||
      prev.currency !== next.currency ||
      prev.timeZone !== next.timeZone
    ) {
      this.providedEnv = next;
    }
  }

  private onFilterChange(e: CustomEvent<MiqFilterChangeDetail>): void {
    this.filterState = applyLocks(e.detail.state, this.document?.lockedFilters);
  }

  private onViewChange(e: CustomEvent<MiqViewChangeDetail>): void {
    const { reason, state } = e.detail;
    if (reason !== 'apply' && reason !== 'reset') return;
    this.filterState = applyLocks(state, this.document?.lockedFilters);
    emit(this, 'miq-filter-change', { state: this.filterState, reason: 'view' });
  }

  private onPanelLoad(e: CustomEvent<MiqLoadDetail>): void {
    this.panelsLoaded = true;
    const f = e.detail.freshness;
    if (!f?.lastSyncedAt) return;
    const cur = this.freshness;
    const sources = { ...(cur?.sources ?? {}), ...f.sources };
    const lastSyncedAt = !cur?.lastSyncedAt || f.lastSyncedAt < cur.lastSyncedAt ? f.lastSyncedAt : cur.lastSyncedAt;
    if (cur?.lastSyncedAt === lastSyncedAt && JSON.stringify(cur.sources) === JSON.stringify(sources)) return;
    this.freshness = { lastSyncedAt, sources };
  }

  override render() {
    const locale = this.env.locale;
    const doc = this.document;
    if (!doc) {
      return this.docTask.render({
        initial: () =>
          html`<div class="skeleton" aria-busy="true"><span class="sr-only">${msg(locale, 'loading')}</span></div>`,
        pending: () =>
          html`<div class="skeleton" aria-busy="true"><span class="sr-only">${msg(locale, 'loading')}</span></div>`,
        error: (error) => html`<div class="state" role="alert" part="error">
          ${msg(locale, 'error')} <span>${(error as Error).message}</span>
          <button type="button" @click=${() => this.docTask.run()}>${msg(locale, 'retry')}</button>
        </div>`,
        complete: () => nothing,
      });
    }
    const views = this.viewsShown;
    if (views) void loadSavedViews().catch(() => (this.viewSettled = this.view));
    const waiting = views && !!this.view && this.viewSettled !== this.view;
    return html`<section class="dashboard" part="dashboard" aria-labelledby="title"
      @miq-filter-change=${this.onFilterChange} @miq-load=${this.onPanelLoad} @miq-view-change=${this.onViewChange}>
      <header class="head" part="header">
        <h2 id="title">${doc.title}</h2>
        ${this.renderFreshness()}
        ${doc.description ? html`<p class="description">${doc.description}</p>` : nothing}
      </header>
      <div class="toolbar" part="toolbar">
        ${
          doc.filters.length > 0 || Object.keys(doc.lockedFilters ?? {}).length > 0
            ? html`<miq-filter-bar part="filter-bar" .filters=${doc.filters} .locked=${doc.lockedFilters}></miq-filter-bar>`
            : nothing
        }
        ${
          views
            ? html`<miq-saved-views part="saved-views" dashboard=${doc.id} view=${this.view ?? ''}
                .defaults=${this.defaultState} .locked=${doc.lockedFilters}
                @views-ready=${() => {
                  this.viewSettled = this.view;
                }}></miq-saved-views>`
            : nothing
        }
      </div>
      ${
        waiting
          ? html`<div class="skeleton" aria-busy="true"><span class="sr-only">${msg(locale, 'loading')}</span></div>`
          : html`<div class="grid" part="grid">${doc.panels.map((p) => this.renderPanel(p))}</div>`
      }
    </section>`;
  }

  private renderFreshness() {
    const f = this.freshness;
    if (!f?.lastSyncedAt) return nothing;
    const locale = this.env.locale;
    const now = new Date();
    const ago = formatAgo(new Date(f.lastSyncedAt), now, locale);
    const perSource = Object.entries(f.sources)
      .filter(([, t]) => t)
      .map(([source, t]) => msg(locale, 'updatedAgoTitle', { source, ago: formatAgo(new Date(t!), now, locale) }))
      .join('\n');
    return html`<span class="freshness" part="freshness" title=${perSource}>${msg(locale, 'updatedAgo', { ago })}</span>`;
  }

  private renderPanel(panel: DocumentPanel) {
    const span = `span-${Math.min(12, Math.max(1, panel.span ?? 12))}`;
    switch (panel.type) {
      case 'kpi':
        return html`<miq-kpi class=${span} data-panel=${panel.id} .definition=${panel}></miq-kpi>`;
      case 'table':
        return html`<miq-table class=${span} data-panel=${panel.id} .definition=${panel}></miq-table>`;
      case 'chart':
        return html`<miq-chart class=${span} data-panel=${panel.id} .definition=${panel}></miq-chart>`;
      case 'findings':
        void loadAgentElements();
        // the agent of this dashboard (POST /agents/recommend with the dashboard's id)
        return html`<miq-insights class="${span} agent-panel" data-panel=${panel.id} .definition=${panel}
          dashboard=${this.document?.id ?? this.dashboardId}></miq-insights>`;
      case 'alerts':
        void loadAgentElements();
        return html`<miq-alerts class="${span} agent-panel" data-panel=${panel.id} .definition=${panel}></miq-alerts>`;
      default:
        return nothing;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'miq-dashboard': MiqDashboard;
  }
}
