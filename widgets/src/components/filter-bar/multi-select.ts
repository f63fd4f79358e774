import { Task } from '@lit/task';
import { html, LitElement, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { msg, onCatalogLoaded } from '../../i18n/messages.js';
import { getFilterOptions, type MiqClientLike } from '../../internal/client.js';
import type { FilterOption } from '../../internal/wire.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import { multiSelectStyles } from './filter-bar.styles.js';

export interface MultiSelectChange {
  readonly type: string;
  readonly member: string;
  readonly values: readonly string[];
}

/**
 * One filter of the filter bar: a button that opens a searchable list of checkboxes fed by
 * `GET /api/v1/filters/{type}?search=…`. Fires a (non-bubbling) `change` with the selected values.
 *
 * @csspart trigger - The button that opens the list.
 * @csspart popup - The list.
 */
export class MiqMultiSelect extends LitElement {
  static override styles = [tokenStyles, multiSelectStyles];

  @property() type = '';
  @property() label = '';
  @property() locale = 'en-US';
  /** The member the type filters on when the API does not say. */
  @property() member = '';
  @property({ attribute: false }) client: MiqClientLike | null = null;
  @property({ attribute: false }) selected: readonly string[] = [];
  @state() open = false;
  @state() search = '';
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private unwatchCatalog: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.unwatchCatalog = onCatalogLoaded(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unwatchCatalog?.();
  }
  private labels = new Map<string, string>();
  private resolvedMember = '';

  private readonly optionsTask = new Task(this, {
    task: async ([client, type, search, open]: readonly [MiqClientLike | null, string, string, boolean]) => {
      if (!client || !type || !open) return undefined;
      const res = await getFilterOptions(client, type, { search, limit: 50 });
      if (res.member) this.resolvedMember = res.member;
      for (const o of res.options) this.labels.set(o.value, o.label);
      return res.options;
    },
    args: () => [this.client, this.type, this.search, this.open] as const,
  });

  /** The options currently listed (after the last search). */
  get options(): readonly FilterOption[] {
    return this.optionsTask.value ?? [];
  }

  /** Resolves when the options list has loaded. */
  async optionsLoaded(): Promise<void> {
    await this.updateComplete;
    await this.optionsTask.taskComplete.catch(() => undefined);
    await this.updateComplete;
  }

  private toggle(value: string, checked: boolean): void {
    const next = checked ? [...new Set([...this.selected, value])] : this.selected.filter((v) => v !== value);
    this.selected = next;
    const detail: MultiSelectChange = { type: this.type, member: this.resolvedMember || this.member, values: next };
    this.dispatchEvent(new CustomEvent('change', { detail }));
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this.open) {
      this.open = false;
      this.renderRoot.querySelector<HTMLButtonElement>('[part="trigger"]')?.focus();
    }
  }

  override render() {
    const count = this.selected.length;
    const summary =
      count === 0
        ? msg(this.locale, 'all')
        : count === 1
          ? (this.labels.get(this.selected[0]!) ?? this.selected[0]!)
          : msg(this.locale, 'selected', { count });
    const id = `popup-${this.type}`;
    return html`<div @keydown=${this.onKeydown}>
      <button type="button" part="trigger" aria-haspopup="true" aria-expanded=${String(this.open)} aria-controls=${id}
        @click=${() => {
          this.open = !this.open;
        }}>${this.label}: ${summary} ▾</button>
      <div class="popup" part="popup" id=${id} ?hidden=${!this.open} role="group" aria-label=${this.label}>
        <input type="search" aria-label="${msg(this.locale, 'search')}: ${this.label}" placeholder=${msg(this.locale, 'search')}
          .value=${this.search}
          @input=${(e: Event) => {
            const value = (e.target as HTMLInputElement).value;
            clearTimeout(this.debounce);
            this.debounce = setTimeout(() => {
              this.search = value;
            }, 200);
          }} />
        ${this.optionsTask.render({
          pending: () => html`<div class="skeleton line" aria-busy="true">${msg(this.locale, 'loading')}</div>`,
          error: () => html`<div role="alert">${msg(this.locale, 'error')}</div>`,
          complete: (options) =>
            !options || options.length === 0
              ? html`<div class="muted">${msg(this.locale, 'noOptions')}</div>`
              : html`<ul>
                  ${options.map(
                    (
                      o,
                    ) => html`<li><label><input type="checkbox" .value=${o.value} .checked=${this.selected.includes(o.value)}
                      @change=${(e: Event) => this.toggle(o.value, (e.target as HTMLInputElement).checked)} />${o.label}</label></li>`,
                  )}
                </ul>`,
          initial: () => nothing,
        })}
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'miq-multi-select': MiqMultiSelect;
  }
}
