/**
 * What KPI, table and chart panels share: where the panel definition comes from (a dashboard, a dashboard id + panel
 * id, or an inline query), the metrics task with its loading/empty/error states, drill-down, CSV export and the
 * panel's place in the dashboard's filter state.
 */
import { consume } from '@lit/context';
import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { canFilter, catalogContext, type MemberFacts } from '../context/catalog.js';
import { filterStateContext } from '../context/env-context.js';
import { applyFilterState, type FilterState, skippedFilters } from '../context/filter-state.js';
import { emit } from '../events/index.js';
import { loadCatalog, msg } from '../i18n/messages.js';
import { getDashboard, type MiqClientLike } from './client.js';
import { download, membersOf, toCsv } from './csv.js';
import type { DashboardPanel, PanelType } from './dashboard-document.js';
import { currentDrillMember, type DrillStep, drillQuery, nextDrillMember } from './drill.js';
import { MiqElement } from './miq-element.js';
import type { MetricsQuery, MetricsResponse } from './wire.js';

export abstract class MiqPanelElement extends MiqElement {
  /** Id of a dashboard whose panel this element shows (with `panel`). */
  @property() dashboard?: string;
  /** Id of the panel within `dashboard`. */
  @property() panel?: string;
  /** An inline metrics query (JSON attribute or property), for use without a dashboard. */
  @property({ type: Object }) query?: MetricsQuery;
  /** The panel's title when used inline. */
  @property() heading?: string;
  /** The full panel definition; `<miq-dashboard>` sets it. */
  @property({ attribute: false }) definition?: DashboardPanel;
  /**
   * Rows already fetched for `query` (e.g. an answer of `<miq-ask>`): shown as they are, nothing is requested and the
   * dashboard's filters do not re-run them.
   */
  @property({ attribute: false }) data?: MetricsResponse;

  @consume({ context: filterStateContext, subscribe: true })
  @state()
  protected filterState?: FilterState;

  @consume({ context: catalogContext, subscribe: true })
  @state()
  protected catalog?: MemberFacts;

  /** Steps taken down the drill hierarchy. */
  @state() drillPath: readonly DrillStep[] = [];

  protected abstract readonly panelType: PanelType;
  /** KPI tiles ask for comparison values. */
  protected readonly wantsCompare: boolean = false;

  private readonly definitionTask = new Task(this, {
    task: async ([client, dashboard, panel]: readonly [
      MiqClientLike | null,
      string | undefined,
      string | undefined,
    ]) => {
      if (!client || !dashboard || !panel) return undefined;
      const doc = await getDashboard(client, dashboard);
      const found = doc.panels.find((p): p is DashboardPanel => p.id === panel && 'query' in p);
      if (!found)
        throw Object.assign(new Error(`Unknown panel "${panel}" in dashboard "${dashboard}"`), { code: 'not_found' });
      return found;
    },
    args: () => [this.definition || this.query ? null : this.env.client, this.dashboard, this.panel] as const,
  });

  /** The panel in force: set by a dashboard, inline, or loaded by dashboard + panel id. */
  protected get panelDefinition(): DashboardPanel | undefined {
    if (this.definition) return this.definition;
    if (this.query) return this.inlineDefinition(this.query);
    return this.definitionTask.value;
  }

  protected inlineDefinition(query: MetricsQuery): DashboardPanel {
    return {
      id: this.panel ?? this.id ?? 'inline',
      type: this.panelType,
      title: this.heading ?? '',
      query,
    } as DashboardPanel;
  }

  protected get panelId(): string {
    return this.panelDefinition?.id ?? this.panel ?? 'inline';
  }

  /** The query after drill-down, before dashboard filters. */
  protected get drilledQuery(): MetricsQuery | undefined {
    const def = this.panelDefinition;
    return def ? drillQuery(def.query, this.drillPath) : undefined;
  }

  /** The query that runs: drilled, plus the dashboard's date range, selections and cross-filter. */
  get effectiveQuery(): MetricsQuery | undefined {
    const q = this.drilledQuery;
    if (!q) return undefined;
    if (!this.filterState) return q;
    return applyFilterState(q, this.filterState, this.applyOptions(q));
  }

  private applyOptions(q: MetricsQuery) {
    const catalog = this.catalog;
    return {
      panelId: this.panelId,
      wantsCompare: this.wantsCompare,
      applies: (member: string) => canFilter(catalog, q, member),
    };
  }

  /** Dashboard filters this panel ignores because its measures cannot be filtered by them. */
  get ignoredFilters(): string[] {
    const q = this.drilledQuery;
    return q && this.filterState ? skippedFilters(this.filterState, this.applyOptions(q)) : [];
  }

  /** A discreet note naming the dashboard filters that do not apply here. */
  protected renderIgnoredFilters(): TemplateResult | typeof nothing {
    const ignored = this.ignoredFilters;
    if (ignored.length === 0) return nothing;
    return html`<span class="muted" part="ignored-filters">${msg(this.env.locale, 'notFilteredBy', { members: ignored.map((m) => this.catalog?.titles.get(m) ?? m).join(', ') })}</span>`;
  }

  protected readonly dataTask = new Task(this, {
    task: async (
      [client, key, data]: readonly [MiqClientLike | null, string, MetricsResponse | undefined],
      { signal },
    ) => {
      if (data) {
        await loadCatalog(this.env.locale);
        emit(this, 'miq-load', { panelId: this.panelId, rowCount: data.rows.length });
        return data;
      }
      if (!client || !key) return undefined;
      try {
        // the UI strings of the locale arrive with the data, so a loaded panel never flashes English first
        const [response] = await Promise.all([
          client.metrics(JSON.parse(key) as MetricsQuery, { signal }),
          loadCatalog(this.env.locale),
        ]);
        const freshness = response.meta?.freshness;
        emit(this, 'miq-load', {
          panelId: this.panelId,
          rowCount: response.rows.length,
          ...(freshness ? { freshness } : {}),
        });
        return response;
      } catch (error) {
        if (signal.aborted) throw error;
        const e = error as { code?: string; message?: string; status?: number };
        emit(this, 'miq-error', {
          panelId: this.panelId,
          code: e.code ?? 'error',
          message: e.message ?? String(error),
          status: e.status ?? 0,
        });
        throw error;
      }
    },
    args: () => {
      const q = this.effectiveQuery;
      return this.data
        ? ([null, '', this.data] as const)
        : ([this.env.client, q ? JSON.stringify(q) : '', undefined] as const);
    },
  });

  /** Runs the panel's query again (the retry button does this). */
  retry(): void {
    if (this.definitionTask.status === TaskStatus.ERROR) this.definitionTask.run();
    else this.dataTask.run();
  }

  /** Moves one level down the hierarchy at `value`; fires a cancelable `miq-drill`. */
  drillDown(value: string): boolean {
    const q = this.panelDefinition?.query;
    if (!q) return false;
    const from = currentDrillMember(q, this.drillPath);
    const to = nextDrillMember(q, this.drillPath);
    if (!from || !to) return false;
    const path = [...this.drillPath, { member: from, value }];
    if (!emit(this, 'miq-drill', { panelId: this.panelId, from: { member: from, value }, to, path })) return false;
    this.drillPath = path;
    return true;
  }

  /** Moves one level back up. */
  drillUp(): void {
    const q = this.panelDefinition?.query;
    if (!q || this.drillPath.length === 0) return;
    const path = this.drillPath.slice(0, -1);
    const to = currentDrillMember(q, path) ?? '';
    if (!emit(this, 'miq-drill', { panelId: this.panelId, from: null, to, path })) return;
    this.drillPath = path;
  }

  protected get canDrill(): boolean {
    const q = this.panelDefinition?.query;
    return q ? nextDrillMember(q, this.drillPath) !== null : false;
  }

  protected get drillMember(): string | null {
    const q = this.panelDefinition?.query;
    return q ? currentDrillMember(q, this.drillPath) : null;
  }

  /** Exports the loaded rows as CSV (`miq-export`; downloads unless a listener prevents the default). */
  exportCsv(): string | null {
    const response = this.dataTask.value;
    const query = this.effectiveQuery;
    if (!response || !query) return null;
    const csv = toCsv(response.rows, membersOf(response.rows, query), response.annotation);
    const filename = `${this.panelId}.csv`;
    if (emit(this, 'miq-export', { panelId: this.panelId, format: 'csv', filename, data: csv })) {
      download(filename, csv, 'text/csv;charset=utf-8');
    }
    return csv;
  }

  /** Sends a cross-filter selection to the dashboard (toggles off when the same value is chosen again). */
  protected selectForCrossFilter(member: string, value: string): void {
    const current = this.filterState;
    if (!current) return;
    const cf = current.crossFilter;
    const same =
      cf?.sourcePanelId === this.panelId && cf.member === member && cf.values.length === 1 && cf.values[0] === value;
    const next: FilterState = {
      ...current,
      crossFilter: same ? null : { sourcePanelId: this.panelId, member, values: [value] },
    };
    emit(this, 'miq-filter-change', { state: next, reason: 'cross-filter' });
  }

  protected renderDrillBar(): TemplateResult | typeof nothing {
    if (this.drillPath.length === 0) return nothing;
    const locale = this.env.locale;
    return html`<nav class="drill" part="drill" aria-label="Drill path">
      <button type="button" @click=${() => this.drillUp()}>${msg(locale, 'drillUp')}</button>
      <span class="muted">${this.drillPath.map((s) => s.value).join(' › ')}</span>
    </nav>`;
  }

  protected renderStates(
    renderData: (response: MetricsResponse) => TemplateResult,
    renderSkeleton: () => TemplateResult,
  ): TemplateResult {
    const locale = this.env.locale;
    const failed = (error: unknown) =>
      html`<div class="state" part="error" role="alert">
        <span>${msg(locale, 'error')}</span>
        <span class="muted">${(error as Error)?.message ?? ''}</span>
        <button type="button" class="retry" part="retry" @click=${() => this.retry()}>${msg(locale, 'retry')}</button>
      </div>`;
    const loading = () =>
      html`<div part="skeleton" aria-busy="true" aria-live="polite"><span class="sr-only">${msg(locale, 'loading')}</span>${renderSkeleton()}</div>`;
    if (this.definitionTask.status === TaskStatus.ERROR) return failed(this.definitionTask.error);
    if (!this.panelDefinition) return loading();
    return this.dataTask.render({
      initial: loading,
      pending: loading,
      error: failed,
      complete: (response) => {
        if (!response) return loading();
        if (response.rows.length === 0)
          return html`<div class="state" part="empty" role="status">${msg(locale, 'empty')}</div>`;
        return renderData(response);
      },
    });
  }

  /** `loaded`, `loading`, `empty` or `error`: what the panel shows now (for tests and hosts). */
  get panelState(): 'loading' | 'loaded' | 'empty' | 'error' {
    if (this.definitionTask.status === TaskStatus.ERROR || this.dataTask.status === TaskStatus.ERROR) return 'error';
    const value = this.dataTask.value;
    if (this.dataTask.status !== TaskStatus.COMPLETE || !value) return 'loading';
    return value.rows.length === 0 ? 'empty' : 'loaded';
  }

  /** The last response, once loaded. */
  get response(): MetricsResponse | undefined {
    return this.dataTask.value;
  }

  /** Resolves when the current query has settled (loaded or failed). */
  async settled(): Promise<void> {
    await this.updateComplete;
    await this.definitionTask.taskComplete.catch(() => undefined);
    await this.updateComplete;
    await this.dataTask.taskComplete.catch(() => undefined);
    await this.updateComplete;
  }
}
