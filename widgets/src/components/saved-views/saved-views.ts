import { consume } from '@lit/context';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { filterStateContext } from '../../context/env-context.js';
import { type FilterState, INITIAL_FILTER_STATE } from '../../context/filter-state.js';
import { emit, type SavedViewRef, type ViewChangeReason } from '../../events/index.js';
import { msg } from '../../i18n/messages.js';
import { listViews, type SavedView, saveView } from '../../internal/client.js';
import { MiqElement } from '../../internal/miq-element.js';
import { type LockedFilters, sameState, storedOf, withStored } from '../../internal/view-state.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import { savedViewsStyles } from './saved-views.styles.js';

/** The API's limit on a view's name (`SavedViewInputSchema`). */
export const MAX_VIEW_NAME = 120;

interface ApiProblem {
  readonly code?: string;
  readonly status?: number;
  readonly message?: string;
  readonly details?: readonly { readonly field: string; readonly message: string }[];
}

/**
 * The saved-views menu of a `<miq-dashboard>` toolbar: the token's end user's (`sub`) saved views of the dashboard
 * (`GET /api/v1/dashboards/{id}/views`), applying one, saving the current filters as a new one, deleting one, and
 * going back to the tenant's default view. The active view is marked (and "changed" once the filters move away from it).
 * Inside a dashboard it reads the dashboard's filter state; the dashboard applies the state of `miq-view-change`.
 *
 * @example
 * <miq-dashboard id="overview" view="view_3f2…" api-base="…" token="…"></miq-dashboard>
 *
 * @fires miq-view-change - A view was applied, saved or deleted, or the defaults restored.
 * @fires miq-error - Loading, saving or deleting failed (`field` names the offending field of a 4xx).
 * @csspart views - The menu's trigger button.
 * @csspart views-popup - The opened menu.
 * @csspart view - A view's apply button.
 * @csspart delete - A view's delete button.
 * @csspart view-form - The save form.
 * @csspart view-name - The name input.
 * @csspart view-error - The form's error message.
 * @csspart undo - Saves a just-deleted view again.
 * @csspart view-status - What just happened ("Saved …", "Showing …", a view not found).
 * @cssproperty --miq-color-accent - Marks the active view.
 */
export class MiqSavedViews extends MiqElement {
  static override styles = [tokenStyles, savedViewsStyles];

  /** The dashboard id the views belong to. */
  @property() dashboard = '';
  /** A view id to open once the list has loaded (`view` attribute of the dashboard). */
  @property() view?: string;
  /** The tenant's default state ("Default view"). */
  @property({ attribute: false }) defaults: FilterState = INITIAL_FILTER_STATE;
  /** The token's locked filters: they win over whatever a view stored. */
  @property({ attribute: false }) locked?: LockedFilters;

  @consume({ context: filterStateContext, subscribe: true })
  @state()
  private dashboardState?: FilterState;

  @state() open = false;
  /** The user's views once loaded (`null` before). */
  @state() views: readonly SavedView[] | null = null;
  /** The id of the view in force (`null`: the default view). */
  @state() activeId: string | null = null;
  @state() private loadError = '';
  @state() private name = '';
  @state() private nameError = '';
  /** The failed save's or delete's message, naming the API's field. */
  @state() formError = '';
  @state() private busy = false;
  @state() private status = '';
  /** The view just deleted, until "Undo" saves it again (under a new id) or another change happens. */
  @state() private lastDeleted: SavedView | null = null;
  private loading: Promise<void> | null = null;
  private pending: Promise<unknown> = Promise.resolve();
  private openedView: string | undefined;
  /** A press outside the menu closes it (focus stays where the user pressed). */
  private readonly onOutside = (e: Event) => {
    if (!e.composedPath().includes(this)) this.open = false;
  };

  /** Whether the client can reach saved views (the SDK client can; a bare custom client may not). */
  get supported(): boolean {
    return !!this.env.client?.dashboards.views && !!this.dashboard;
  }

  /** The filter state in force. */
  private get current(): FilterState {
    return this.dashboardState ?? this.defaults;
  }

  /** The view in force, if any. */
  get activeView(): SavedView | undefined {
    return this.views?.find((v) => v.id === this.activeId);
  }

  /** Resolves once the last save or delete started from the menu has finished, and the menu re-rendered. */
  async settled(): Promise<void> {
    await this.pending;
    await this.updateComplete;
  }

  /** Resolves once the list has loaded (or failed). */
  async loaded(): Promise<void> {
    await (this.loading ?? this.load());
    await this.updateComplete;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.onOutside, true);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (changed.has('open')) {
      if (this.open) document.addEventListener('pointerdown', this.onOutside, true);
      else document.removeEventListener('pointerdown', this.onOutside, true);
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('dashboard') && changed.get('dashboard') !== undefined) {
      this.views = null;
      this.activeId = null;
      this.loading = null;
    }
    if (this.view && this.view !== this.openedView && this.supported) {
      this.openedView = this.view;
      void this.openRequested(this.view);
    }
  }

  private load(): Promise<void> {
    const client = this.env.client;
    if (!client || !this.supported) return Promise.resolve();
    this.loadError = '';
    this.loading = listViews(client, this.dashboard).then(
      (views) => {
        this.views = views;
      },
      (error: ApiProblem) => {
        this.loading = null;
        this.loadError = msg(this.env.locale, 'viewsLoadFailed');
        this.fail(error, 'load');
      },
    );
    return this.loading;
  }

  private async openRequested(id: string): Promise<void> {
    await this.loaded();
    const view = this.views?.find((v) => v.id === id);
    if (view) this.apply(view, false);
    else if (this.views) {
      this.status = msg(this.env.locale, 'viewNotFound', { id });
      emit(this, 'miq-error', { code: 'unknown_view', message: this.status, status: 404, field: 'view' });
    }
    this.dispatchEvent(new Event('views-ready'));
  }

  private change(reason: ViewChangeReason, state: FilterState, subject: SavedViewRef | null): void {
    const active = this.activeView;
    emit(this, 'miq-view-change', {
      dashboard: this.dashboard,
      reason,
      view: active ? { id: active.id, name: active.name } : null,
      subject,
      state,
    });
  }

  /** The state a view stands for: the defaults with the view's stored filters laid over, locks winning. */
  stateOf(view: SavedView): FilterState {
    return withStored(this.defaults, view.state, this.locked);
  }

  /** Applies a saved view (by id or the view itself). */
  apply(view: SavedView | string, close = true): void {
    const v = typeof view === 'string' ? this.views?.find((x) => x.id === view) : view;
    if (!v) return;
    this.activeId = v.id;
    this.lastDeleted = null;
    this.status = msg(this.env.locale, 'viewApplied', { name: v.name });
    this.change('apply', this.stateOf(v), { id: v.id, name: v.name });
    if (close) this.close();
  }

  /** Restores the tenant's default filters. */
  reset(): void {
    this.activeId = null;
    this.lastDeleted = null;
    this.status = '';
    this.change('reset', this.defaults, null);
    this.close();
  }

  /**
   * Saves the current filters (or `stored`, a view's stored state) as a new view named `name`; resolves to the view,
   * or undefined when refused.
   */
  async save(name = this.name, stored?: Record<string, unknown>): Promise<SavedView | undefined> {
    const locale = this.env.locale;
    const trimmed = name.trim();
    this.formError = '';
    this.nameError = !trimmed
      ? msg(locale, 'viewNameRequired')
      : trimmed.length > MAX_VIEW_NAME
        ? msg(locale, 'viewNameTooLong', { max: MAX_VIEW_NAME })
        : '';
    if (!this.nameError) {
      await this.loaded();
      if (this.views?.some((v) => v.name.toLowerCase() === trimmed.toLowerCase())) {
        this.nameError = msg(locale, 'viewNameTaken', { name: trimmed });
      }
    }
    const client = this.env.client;
    if (this.nameError || !client) {
      this.focusName();
      return undefined;
    }
    this.busy = true;
    try {
      const view = await saveView(client, this.dashboard, trimmed, stored ?? storedOf(this.current));
      this.views = [...(this.views ?? []), view];
      this.lastDeleted = null;
      if (!stored) {
        this.activeId = view.id;
        this.name = '';
      }
      this.status = msg(locale, 'viewSaved', { name: view.name });
      this.change('save', this.current, { id: view.id, name: view.name });
      await this.updateComplete;
      return view;
    } catch (error) {
      const e = error as ApiProblem;
      const field = e.details?.[0]?.field;
      this.formError = `${msg(locale, 'viewSaveFailed')} ${this.describe(e)}`;
      if (field === 'name') this.nameError = this.formError;
      this.fail(e, 'save');
      this.focusName();
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  /** Deletes a saved view of the user. */
  async deleteView(view: SavedView): Promise<boolean> {
    const client = this.env.client;
    if (!client?.dashboards.views) return false;
    this.formError = '';
    try {
      await client.dashboards.views.remove(this.dashboard, view.id);
    } catch (error) {
      this.formError = this.describe(error as ApiProblem);
      this.fail(error as ApiProblem, 'delete');
      return false;
    }
    this.views = (this.views ?? []).filter((v) => v.id !== view.id);
    if (this.activeId === view.id) this.activeId = null;
    this.status = msg(this.env.locale, 'viewDeleted', { name: view.name });
    this.lastDeleted = view;
    this.change('delete', this.current, { id: view.id, name: view.name });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[part~="view"], [part~="view-name"]')?.focus();
    return true;
  }

  /** `field: message` of each problem the API named, else its message. */
  private describe(e: ApiProblem): string {
    const locale = this.env.locale;
    if (e.details && e.details.length > 0) {
      return e.details.map((d) => msg(locale, 'viewFieldError', { field: d.field, message: d.message })).join(' ');
    }
    return e.message ?? String(e);
  }

  private fail(e: ApiProblem, what: 'load' | 'save' | 'delete'): void {
    const field = e.details?.[0]?.field;
    emit(this, 'miq-error', {
      panelId: `views:${what}`,
      code: e.code ?? 'error',
      message: this.describe(e),
      status: e.status ?? 0,
      ...(field ? { field } : {}),
    });
  }

  private focusName(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('[part="view-name"]')?.focus());
  }

  toggle(): void {
    this.open = !this.open;
    if (this.open && !this.views) void this.load();
  }

  private close(): void {
    if (!this.open) return;
    this.open = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[part="views"]')?.focus());
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this.open) {
      e.stopPropagation();
      this.close();
    }
  }

  override render() {
    if (!this.supported) return nothing;
    const locale = this.env.locale;
    const active = this.activeView;
    const changed = !sameState(this.current, active ? this.stateOf(active) : this.defaults);
    const label = active?.name ?? msg(locale, 'viewDefault');
    const shown = changed ? msg(locale, 'viewModified', { name: label }) : label;
    return html`<div class="views" @keydown=${this.onKeydown}>
      <button type="button" part="views" aria-haspopup="true" aria-expanded=${String(this.open)} aria-controls="views-popup"
        @click=${() => this.toggle()}>${msg(locale, 'views')}: <span class="name">${shown}</span> ▾</button>
      <div id="views-popup" class="popup" part="views-popup" role="group" aria-label=${msg(locale, 'viewsTitle')} ?hidden=${!this.open}>
        <ul aria-label=${msg(locale, 'viewsTitle')}>
          <li><button type="button" part="view default" class="apply" aria-current=${!active ? 'true' : 'false'}
            @click=${() => this.reset()}>${msg(locale, 'viewDefault')}</button></li>
          ${(this.views ?? []).map(
            (v) => html`<li>
              <button type="button" part="view" class="apply" data-view=${v.id} aria-current=${v.id === this.activeId ? 'true' : 'false'}
                aria-label=${msg(locale, 'viewApply', { name: v.name })} @click=${() => this.apply(v)}>${v.name}</button>
              <button type="button" part="delete" class="delete" aria-label=${msg(locale, 'viewDelete', { name: v.name })}
                @click=${() => {
                  this.pending = this.deleteView(v);
                }}>×</button>
            </li>`,
          )}
        </ul>
        ${
          this.views === null && !this.loadError
            ? html`<p class="muted" aria-busy="true">${msg(locale, 'loading')}</p>`
            : this.views?.length === 0
              ? html`<p class="muted">${msg(locale, 'viewsEmpty')}</p>`
              : nothing
        }
        ${this.loadError ? html`<p role="alert" part="view-error">${this.loadError}</p>` : nothing}
        <form part="view-form" novalidate @submit=${(e: Event) => {
          e.preventDefault();
          this.pending = this.save();
        }}>
          <label for="view-name">${msg(locale, 'viewName')}</label>
          <div class="row">
            <input id="view-name" part="view-name" type="text" autocomplete="off" .value=${this.name}
              aria-invalid=${this.nameError ? 'true' : 'false'} aria-describedby="view-error"
              @input=${(e: Event) => {
                this.name = (e.target as HTMLInputElement).value;
                this.nameError = '';
              }} />
            <button type="submit" part="save" ?disabled=${this.busy}>${msg(locale, 'viewSave')}</button>
          </div>
          <p id="view-error" part="view-error" class="error" role="alert">${this.nameError || this.formError}</p>
        </form>
      </div>
      <span class="status" part="view-status" role="status">${this.status}</span>
      ${
        this.lastDeleted
          ? html`<button type="button" part="undo" @click=${() => {
              const v = this.lastDeleted!;
              this.pending = this.save(v.name, v.state);
            }}>${msg(this.env.locale, 'viewUndo')}</button>`
          : nothing
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'miq-saved-views': MiqSavedViews;
  }
}
