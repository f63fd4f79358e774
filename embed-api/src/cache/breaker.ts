/**
 * A circuit breaker for the shared cache: `closed` (calls go through) → after `failureThreshold` consecutive failures
 * `open` (calls fail at once, no waiting on a sick Redis) → after `openMs` one probe call in `half_open` → closed again
 * on success, open again on failure. `onChange` reports every transition (metrics, logs).
 */
export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  readonly failureThreshold?: number;
  readonly openMs?: number;
  readonly clock?: () => number;
  readonly onChange?: (from: BreakerState, to: BreakerState) => void;
}

export interface CircuitBreaker {
  readonly state: () => BreakerState;
  /** Runs `call` if the breaker lets it through; throws `rejected()` when open. */
  run<T>(call: () => Promise<T>, rejected: () => Error): Promise<T>;
}

export function createCircuitBreaker(o: BreakerOptions = {}): CircuitBreaker {
  const threshold = o.failureThreshold ?? 3;
  const openMs = o.openMs ?? 1000;
  const now = o.clock ?? Date.now;
  let state: BreakerState = 'closed';
  let failures = 0;
  let openedAt = 0;
  let probing = false;

  function move(to: BreakerState): void {
    if (to === state) return;
    const from = state;
    state = to;
    o.onChange?.(from, to);
  }

  return {
    state: () => {
      if (state === 'open' && now() - openedAt >= openMs) move('half_open');
      return state;
    },
    async run(call, rejected) {
      if (state === 'open') {
        if (now() - openedAt < openMs) throw rejected();
        move('half_open');
      }
      if (state === 'half_open') {
        if (probing) throw rejected();
        probing = true;
      }
      const wasProbe = state === 'half_open';
      try {
        const result = await call();
        failures = 0;
        move('closed');
        return result;
      } catch (error) {
        failures++;
        if (wasProbe || failures >= threshold) {
          openedAt = now();
          move('open');
        }
        throw error;
      } finally {
        if (wasProbe) probing = false;
      }
    },
  };
}
