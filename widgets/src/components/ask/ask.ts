import { Task, TaskStatus } from '@lit/task';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { emit } from '../../events/index.js';
import { loadCatalog, msg } from '../../i18n/messages.js';
import type { AgentAnswer, AgentQueryResponse, AgentRefusal } from '../../internal/agents-wire.js';
import { askQuestion, type MiqClientLike } from '../../internal/client.js';
import { MiqElement } from '../../internal/miq-element.js';
import type { MetricsQuery, MetricsResponse } from '../../internal/wire.js';
import { agentStyles } from '../../styles/agent.styles.js';
import { panelStyles, tokenStyles } from '../../styles/tokens.styles.js';
import { MiqChart } from '../chart/chart.js';
import { MiqTable } from '../table/table.js';
import { askStyles } from './ask.styles.js';

const CHILDREN = [
  ['miq-chart', MiqChart],
  ['miq-table', MiqTable],
] as const;

/**
 * A question box (`POST /api/v1/agents/query`): the answer's sentence (its key number in the tenant's currency), its
 * suggested chart drawn by `<miq-chart>`, its rows in a `<miq-table>`, and the query that ran; or the API's refusal
 * ("I can't answer that yet") with questions it can answer, one click away. Never a made-up number.
 *
 * @example
 * <miq-ask api-base="https://analytics.example.com" token="…" question="spend by platform last 30 days"></miq-ask>
 *
 * @fires miq-answer - An answer or a refusal arrived (detail: question, kind, row count, the query that ran).
 * @fires miq-load - The answer loaded (`rowCount` = its rows; refusals: 0).
 * @fires miq-error - The request failed.
 * @fires miq-token-expired - The token expired (only when this element owns its client).
 * @csspart panel - The frame.
 * @csspart form - The question form.
 * @csspart input - The question field.
 * @csspart submit - The ask button.
 * @csspart sentence - The answer's sentence.
 * @csspart chart - The answer's chart (a `<miq-chart>`).
 * @csspart table - The answer's rows (a `<miq-table>`).
 * @csspart query - The query that ran.
 * @csspart refusal - The refusal and its suggestions.
 * @csspart suggestion - One suggested question.
 * @csspart skeleton - Loading placeholder.
 * @csspart error - Error state.
 * @csspart retry - Retry button.
 */
export class MiqAsk extends MiqElement {
  static override styles = [tokenStyles, panelStyles, agentStyles, askStyles];

  /** The question to answer; setting it (or submitting the form) asks. */
  @property() question?: string;
  /** A title above the box. */
  @property() heading?: string;

  @state() private draft = '';

  override connectedCallback(): void {
    super.connectedCallback();
    for (const [tag, cls] of CHILDREN) if (!customElements.get(tag)) customElements.define(tag, cls);
  }

  private readonly answerTask = new Task(this, {
    task: async ([client, question]: readonly [MiqClientLike | null, string], { signal }) => {
      if (!client || !question) return undefined;
      try {
        const [res] = await Promise.all([askQuestion(client, question, signal), loadCatalog(this.env.locale)]);
        const rowCount = res.kind === 'answer' ? res.rows.length : 0;
        emit(this, 'miq-answer', {
          question,
          kind: res.kind,
          rowCount,
          ...(res.kind === 'answer' ? { query: res.request as MetricsQuery } : {}),
        });
        emit(this, 'miq-load', { panelId: this.id || 'ask', rowCount });
        return res;
      } catch (error) {
        if (signal.aborted) throw error;
        const e = error as { code?: string; message?: string; status?: number };
        emit(this, 'miq-error', {
          panelId: this.id || 'ask',
          code: e.code ?? 'error',
          message: e.message ?? String(error),
          status: e.status ?? 0,
        });
        throw error;
      }
    },
    args: () => [this.env.client, (this.question ?? '').trim()] as const,
  });

  /** Asks `question` (as if typed and submitted). */
  ask(question: string): void {
    this.draft = question;
    this.question = question;
  }

  /** The last answer or refusal. */
  get result(): AgentQueryResponse | undefined {
    return this.answerTask.value;
  }

  /** `idle` (nothing asked), `loading`, `answer`, `refusal` or `error`. */
  get panelState(): 'idle' | 'loading' | 'answer' | 'refusal' | 'error' {
    if (!(this.question ?? '').trim()) return 'idle';
    if (this.answerTask.status === TaskStatus.ERROR) return 'error';
    const value = this.answerTask.value;
    if (this.answerTask.status !== TaskStatus.COMPLETE || !value) return 'loading';
    return value.kind;
  }

  /** Resolves when the current question has settled (answered, refused or failed). */
  async settled(): Promise<void> {
    await this.updateComplete;
    await this.answerTask.taskComplete.catch(() => undefined);
    await this.updateComplete;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    if (changed.has('question') && this.question !== undefined && this.draft === '') this.draft = this.question;
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    if (this.dataset.state !== this.panelState) this.dataset.state = this.panelState;
  }

  override render() {
    const locale = this.env.locale;
    return html`<section class="panel" part="panel" aria-label=${this.heading || msg(locale, 'askLabel')}>
      ${this.heading ? html`<header><h3>${this.heading}</h3></header>` : nothing}
      <form part="form" @submit=${this.onSubmit}>
        <label for="question">${msg(locale, 'askLabel')}</label>
        <div class="ask-row">
          <input id="question" part="input" type="search" name="question" maxlength="500" autocomplete="off"
            placeholder=${msg(locale, 'askPlaceholder')} .value=${this.draft}
            @input=${(e: Event) => {
              this.draft = (e.target as HTMLInputElement).value;
            }} />
          <button type="submit" part="submit">${msg(locale, 'askSubmit')}</button>
        </div>
      </form>
      <div class="result" aria-live="polite" @miq-load=${this.stopChildLoad}>${this.renderResult()}</div>
    </section>`;
  }

  private onSubmit(e: Event): void {
    e.preventDefault();
    const q = this.draft.trim();
    if (!q) return;
    if (q === this.question) this.answerTask.run();
    else this.question = q;
  }

  /** The chart and table inside report their own loads; hosts hear one `miq-load` per answer, from this element. */
  private stopChildLoad(e: Event): void {
    if (e.target !== this) e.stopPropagation();
  }

  private renderResult() {
    const locale = this.env.locale;
    if (this.panelState === 'idle') return nothing;
    return this.answerTask.render({
      pending: () =>
        html`<div part="skeleton" aria-busy="true"><span class="sr-only">${msg(locale, 'loading')}</span><div class="skeleton line"></div></div>`,
      error: (error) => html`<div class="state" part="error" role="alert">
        <span>${msg(locale, 'error')}</span>
        <span class="muted">${(error as Error)?.message ?? ''}</span>
        <button type="button" class="retry" part="retry" @click=${() => this.answerTask.run()}>${msg(locale, 'retry')}</button>
      </div>`,
      complete: (res) => (!res ? nothing : res.kind === 'answer' ? this.renderAnswer(res) : this.renderRefusal(res)),
    });
  }

  private renderAnswer(a: AgentAnswer) {
    const env = this.env;
    const response = { rows: a.rows, annotation: a.annotation, query: a.query } as unknown as MetricsResponse;
    const query = a.request as MetricsQuery;
    const currency = env.currency ?? Object.values(a.annotation).find((x) => x.currency)?.currency;
    return html`<p class="sentence" part="sentence">${a.sentence}</p>
      ${
        a.chart
          ? html`<miq-chart part="chart" heading=${a.question} locale=${env.locale} theme=${env.theme}
              currency=${currency ?? nothing} .data=${response} .query=${query} .spec=${a.chart}></miq-chart>`
          : nothing
      }
      <miq-table part="table" heading=${a.question} locale=${env.locale} theme=${env.theme}
        currency=${currency ?? nothing} .data=${response} .query=${query}></miq-table>
      <details part="query"><summary>${msg(env.locale, 'queryThatRan')}</summary>
        <pre>${JSON.stringify(a.request, null, 2)}</pre></details>`;
  }

  private renderRefusal(r: AgentRefusal) {
    return html`<div class="refusal" part="refusal">
      <p><strong>${r.message}</strong> ${r.reason}</p>
      ${
        r.suggestions.length > 0
          ? html`<p class="muted">${msg(this.env.locale, 'askTry')}</p>
            <ul class="suggestions">${r.suggestions.map(
              (s) => html`<li><button type="button" part="suggestion" @click=${() => this.ask(s)}>${s}</button></li>`,
            )}</ul>`
          : nothing
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'miq-ask': MiqAsk;
  }
}
