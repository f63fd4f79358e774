/**
 * What the agent elements (`<miq-insights>`, `<miq-alerts>`) share: a title from the dashboard's panel or `heading`,
 * one request task with loading / loaded / empty / error states, `miq-load` and `miq-error`, retry, and `settled()`.
 */
import { Task, TaskStatus } from '@lit/task';
import { html, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { emit } from '../events/index.js';
import { loadCatalog, msg } from '../i18n/messages.js';
import type { MiqClientLike } from './client.js';
import type { AgentPanel } from './dashboard-document.js';
import { MiqElement } from './miq-element.js';

export abstract class MiqAgentPanel<T> extends MiqElement {
  /** The panel's title when used on its own. */
  @property() heading?: string;
  /** The dashboard's panel definition; `<miq-dashboard>` sets it. */
  @property({ attribute: false }) definition?: AgentPanel;

  /** Fetches the panel's data. */
  protected abstract fetchData(client: MiqClientLike, signal: AbortSignal): Promise<T>;
  /** What the request depends on besides the client (a change runs it again). */
  protected abstract requestKey(): string;
  /** How many items the data holds (0 → empty state). */
  protected abstract countOf(data: T): number;

  protected get panelId(): string {
    return this.definition?.id ?? (this.id || this.localName.replace(/^miq-/, ''));
  }

  protected get panelTitle(): string {
    return this.definition?.title ?? this.heading ?? '';
  }

  protected readonly dataTask = new Task(this, {
    task: async ([client]: readonly [MiqClientLike | null, string], { signal }) => {
      if (!client) return undefined;
      try {
        const [data] = await Promise.all([this.fetchData(client, signal), loadCatalog(this.env.locale)]);
        emit(this, 'miq-load', { panelId: this.panelId, rowCount: this.countOf(data) });
        return data;
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
    args: () => [this.env.client, this.requestKey()] as const,
  });

  /** The last data, once loaded. */
  get data(): T | undefined {
    return this.dataTask.value;
  }

  /** `loaded`, `loading`, `empty` or `error`. */
  get panelState(): 'loading' | 'loaded' | 'empty' | 'error' {
    if (this.dataTask.status === TaskStatus.ERROR) return 'error';
    const value = this.dataTask.value;
    if (this.dataTask.status !== TaskStatus.COMPLETE || value === undefined) return 'loading';
    return this.countOf(value) === 0 ? 'empty' : 'loaded';
  }

  /** Runs the request again (the retry button does this). */
  retry(): void {
    this.dataTask.run();
  }

  /** Resolves when the current request has settled (loaded or failed). */
  async settled(): Promise<void> {
    await this.updateComplete;
    await this.dataTask.taskComplete.catch(() => undefined);
    await this.updateComplete;
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    // hosts and tests read the state from the element itself, like a dashboard's other panels
    const state = this.panelState;
    if (this.dataset.state !== state) this.dataset.state = state;
  }

  protected renderStates(
    renderData: (data: T) => TemplateResult,
    renderEmpty: (data: T) => TemplateResult,
  ): TemplateResult {
    const locale = this.env.locale;
    const loading = () =>
      html`<div part="skeleton" aria-busy="true" aria-live="polite"><span class="sr-only">${msg(locale, 'loading')}</span>
        ${[0, 1, 2].map(() => html`<div class="skeleton line"></div>`)}</div>`;
    return this.dataTask.render({
      initial: loading,
      pending: loading,
      error: (error) => html`<div class="state" part="error" role="alert">
        <span>${msg(locale, 'error')}</span>
        <span class="muted">${(error as Error)?.message ?? ''}</span>
        <button type="button" class="retry" part="retry" @click=${() => this.retry()}>${msg(locale, 'retry')}</button>
      </div>`,
      complete: (data) => {
        if (data === undefined) return loading();
        return this.countOf(data) === 0 ? renderEmpty(data) : renderData(data);
      },
    });
  }
}
