import { MiqAuthError, type MiqError } from '../errors/index.js';
import { readTokenTimes, type TokenTimes } from './jwt.js';

export interface TokenOptions {
  readonly token?: string | undefined;
  readonly getToken?: (() => Promise<string>) | undefined;
  /** Refresh when less than this is left (default 30 s), capped at a quarter of the token's lifetime. */
  readonly refreshBeforeMs?: number | undefined;
  readonly now?: (() => number) | undefined;
}

export type TokenExpiredListener = (error: MiqError) => void;

/**
 * Holds the current tenant token. Calls `getToken` ahead of expiry (read from the unverified `exp`) and after a 401;
 * concurrent refreshes share one call. An expired token with no way to refresh raises `MiqAuthError('token_expired')`
 * and tells the `onTokenExpired` listeners (once per token).
 */
export class TokenManager {
  readonly #getToken: (() => Promise<string>) | undefined;
  readonly #refreshBeforeMs: number;
  readonly #now: () => number;
  readonly #listeners = new Set<TokenExpiredListener>();
  #current: string | undefined;
  #times: TokenTimes | undefined;
  #receivedAt = 0;
  #refreshing: Promise<string> | undefined;
  #notified: string | undefined;

  constructor(options: TokenOptions) {
    this.#getToken = options.getToken;
    this.#refreshBeforeMs = options.refreshBeforeMs ?? 30_000;
    this.#now = options.now ?? Date.now;
    if (options.token !== undefined) this.#set(options.token);
  }

  /** Subscribes to "the token expired and could not be refreshed"; returns an unsubscribe function. */
  onExpired(listener: TokenExpiredListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A token to send now: the current one, or a fresh one when it is about to expire. */
  async get(): Promise<string> {
    const current = this.#current;
    if (current !== undefined && !this.#dueForRefresh()) return current;
    if (this.#getToken) {
      try {
        return await this.#refresh();
      } catch (cause) {
        // A refresh ahead of expiry failed, but the old token still works: keep using it.
        if (current !== undefined && !this.#expired()) return current;
        throw this.expired(cause);
      }
    }
    if (current === undefined || this.#expired()) throw this.expired();
    return current;
  }

  /** After a 401 for `used`: a different token, refreshed at most once for all requests that saw the same 401. */
  async renew(used: string): Promise<string> {
    if (this.#current !== undefined && this.#current !== used) return this.#current;
    if (!this.#getToken) throw this.expired();
    try {
      const token = await this.#refresh();
      if (token === used) throw new Error('getToken returned the token the server just refused');
      return token;
    } catch (cause) {
      throw this.expired(cause);
    }
  }

  get canRefresh(): boolean {
    return this.#getToken !== undefined;
  }

  /** Builds the `token_expired` error and tells the listeners, once per token. */
  expired(cause?: unknown, error?: MiqError): MiqError {
    const err =
      error ??
      new MiqAuthError({
        code: 'token_expired',
        message: this.#getToken
          ? 'The tenant token expired and getToken() did not provide a new one.'
          : 'The tenant token expired and no getToken() was given to refresh it.',
        cause,
      });
    const key = this.#current ?? '';
    if (this.#notified !== key) {
      this.#notified = key;
      for (const listener of this.#listeners) {
        try {
          listener(err);
        } catch {
          // A listener's bug must not change the request's outcome.
        }
      }
    }
    return err;
  }

  #refresh(): Promise<string> {
    if (!this.#refreshing) {
      const getToken = this.#getToken as () => Promise<string>;
      this.#refreshing = Promise.resolve()
        .then(getToken)
        .then((token) => {
          if (typeof token !== 'string' || token === '')
            throw new Error('getToken() must resolve to a non-empty string');
          this.#set(token);
          return token;
        })
        .finally(() => {
          this.#refreshing = undefined;
        });
    }
    return this.#refreshing;
  }

  #set(token: string): void {
    this.#current = token;
    this.#times = readTokenTimes(token);
    this.#receivedAt = this.#now();
  }

  #remainingMs(): number {
    return this.#times ? this.#times.exp * 1000 - this.#now() : Number.POSITIVE_INFINITY;
  }

  #expired(): boolean {
    return this.#remainingMs() <= 0;
  }

  #dueForRefresh(): boolean {
    if (!this.#times) return false;
    const issuedMs = this.#times.iat !== undefined ? this.#times.iat * 1000 : this.#receivedAt;
    const lifetime = Math.max(0, this.#times.exp * 1000 - issuedMs);
    return this.#remainingMs() < Math.min(this.#refreshBeforeMs, lifetime / 4);
  }
}
