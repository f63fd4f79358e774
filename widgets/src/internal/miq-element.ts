/**
 * The base of every widget: the shared attributes (`token`, `api-base`, `locale`, `currency`, `time-zone`, `theme`),
 * the `tokenProvider`/`client` properties, and resolution against the context a `<miq-dashboard>` provides.
 * An element's own settings win over the inherited ones, so a standalone element works on its own.
 */
import { consume } from '@lit/context';
import { LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import { envContext, type MiqEnv, type ResolvedTheme, type ThemeSetting } from '../context/env-context.js';
import { emit } from '../events/index.js';
import { onCatalogLoaded } from '../i18n/messages.js';
import { createClient, type MiqClientLike } from './client.js';

export class MiqElement extends LitElement {
  /** A tenant token (JWT) for the embed API. */
  @property() token?: string;
  /** Base URL of the embed API, e.g. `https://analytics.example.com`. */
  @property({ attribute: 'api-base' }) apiBase?: string;
  /** BCP 47 locale for numbers, dates and UI strings; defaults to the page's `lang`, then the browser's. */
  @property() locale?: string;
  /** Fallback currency when the API does not annotate one. */
  @property() currency?: string;
  /** IANA time zone for date presets; defaults to the dashboard's (tenant's) or UTC. */
  @property({ attribute: 'time-zone' }) timeZone?: string;
  /** `light`, `dark` or `auto` (follows `prefers-color-scheme`). */
  @property({ reflect: true }) theme?: ThemeSetting;
  /** Async function returning a fresh token; called when the current one expires. */
  @property({ attribute: false }) tokenProvider?: () => Promise<string>;
  /** An SDK client to use instead of building one from `api-base` + `token`. */
  @property({ attribute: false }) client?: MiqClientLike;

  @consume({ context: envContext, subscribe: true })
  @state()
  protected inheritedEnv?: MiqEnv;

  @state() private prefersDark = false;

  private ownClient: { key: string; provider: unknown; client: MiqClientLike } | null = null;
  private watchedClient: MiqClientLike | null = null;
  private unwatchClient: (() => void) | null = null;
  private darkQuery: MediaQueryList | null = null;
  private unwatchCatalog: (() => void) | null = null;
  private readonly onSchemeChange = (e: MediaQueryListEvent) => {
    this.prefersDark = e.matches;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
    this.prefersDark = this.darkQuery.matches;
    this.darkQuery.addEventListener('change', this.onSchemeChange);
    this.unwatchCatalog = onCatalogLoaded(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.darkQuery?.removeEventListener('change', this.onSchemeChange);
    this.unwatchCatalog?.();
    this.unwatchClient?.();
    this.unwatchClient = null;
    this.watchedClient = null;
  }

  /** The settings in force for this element: its own, else its dashboard's, else defaults. */
  protected get env(): MiqEnv {
    const inherited = this.inheritedEnv;
    const themeSetting = this.theme ?? (inherited ? undefined : 'auto');
    const theme: ResolvedTheme =
      themeSetting === undefined
        ? (inherited?.theme ?? 'light')
        : themeSetting === 'auto'
          ? this.prefersDark
            ? 'dark'
            : 'light'
          : themeSetting;
    const locale = this.locale ?? inherited?.locale ?? (document.documentElement.lang || navigator.language || 'en-US');
    const currency = this.currency ?? inherited?.currency;
    const timeZone = this.timeZone ?? inherited?.timeZone;
    return {
      client: this.resolveClient(inherited),
      locale,
      theme,
      ...(currency ? { currency } : {}),
      ...(timeZone ? { timeZone } : {}),
    };
  }

  private resolveClient(inherited: MiqEnv | undefined): MiqClientLike | null {
    let client: MiqClientLike | null = null;
    let owned = false;
    if (this.client) {
      client = this.client;
      owned = true;
    } else if (this.apiBase || this.token || this.tokenProvider || !inherited) {
      const baseUrl = this.apiBase ?? '';
      const key = `${baseUrl}|${this.token ?? ''}|${this.locale ?? ''}`;
      if (!this.apiBase && !this.token && !this.tokenProvider) return null;
      if (!this.ownClient || this.ownClient.key !== key || this.ownClient.provider !== this.tokenProvider) {
        const provider = this.tokenProvider;
        this.ownClient = {
          key,
          provider,
          client: createClient({
            baseUrl,
            ...(this.token ? { token: this.token } : {}),
            ...(provider ? { getToken: provider } : {}),
            ...(this.locale ? { locale: this.locale } : {}),
          }),
        };
      }
      client = this.ownClient.client;
      owned = true;
    } else {
      client = inherited.client;
    }
    if (owned) this.watchTokenExpiry(client);
    return client;
  }

  /** The element that owns a client tells the host when its token expires (`miq-token-expired`). */
  private watchTokenExpiry(client: MiqClientLike | null): void {
    if (client === this.watchedClient || !this.isConnected) return;
    this.unwatchClient?.();
    this.watchedClient = client;
    this.unwatchClient =
      client?.onTokenExpired((error) => {
        emit(this, 'miq-token-expired', { code: (error as { code?: string }).code ?? 'token_expired' });
      }) ?? null;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    const theme = this.env.theme;
    if (this.dataset.theme !== theme) this.dataset.theme = theme;
  }
}
