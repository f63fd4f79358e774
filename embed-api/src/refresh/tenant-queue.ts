/**
 * A run queue per tenant: never two runs at once for one tenant; triggers that arrive while a run is going coalesce
 * into ONE follow-up run (which sees every sync that finished meanwhile). Different tenants run independently, up to
 * `concurrency` at a time (dbt is CPU-bound).
 */
export interface TenantQueue {
  /** Resolves when a run that started after this call has finished (rejects with its error). */
  enqueue(tenantId: string): Promise<void>;
  /** Tenants running now (tests, metrics). */
  running(): readonly string[];
  /** Waits until nothing is queued or running. */
  idle(): Promise<void>;
}

export function createTenantQueue(
  run: (tenantId: string) => Promise<void>,
  o: { concurrency?: number } = {},
): TenantQueue {
  const concurrency = o.concurrency ?? 1;
  interface State {
    active: Promise<void> | null;
    next: { promise: Promise<void>; start: () => void } | null;
  }
  const states = new Map<string, State>();
  let slots = concurrency;
  const waitingForSlot: Array<() => void> = [];
  const idleWaiters: Array<() => void> = [];

  async function slot(): Promise<void> {
    if (slots > 0) {
      slots--;
      return;
    }
    await new Promise<void>((r) => waitingForSlot.push(r));
  }
  function freeSlot(): void {
    const wake = waitingForSlot.shift();
    if (wake) wake();
    else slots++;
  }
  function checkIdle(): void {
    if ([...states.values()].every((s) => !s.active && !s.next)) for (const w of idleWaiters.splice(0)) w();
  }

  function startRun(tenantId: string, state: State): Promise<void> {
    const p = (async () => {
      await slot();
      try {
        await run(tenantId);
      } finally {
        freeSlot();
      }
    })();
    state.active = p;
    p.catch(() => undefined).finally(() => {
      state.active = null;
      const next = state.next;
      state.next = null;
      if (next) next.start();
      else {
        states.delete(tenantId);
        checkIdle();
      }
    });
    return p;
  }

  return {
    enqueue(tenantId) {
      let state = states.get(tenantId);
      if (!state) {
        state = { active: null, next: null };
        states.set(tenantId, state);
      }
      if (!state.active) return startRun(tenantId, state);
      if (state.next) return state.next.promise;
      const s = state;
      let start!: () => void;
      const promise = new Promise<void>((resolve, reject) => {
        start = () => {
          startRun(tenantId, s).then(resolve, reject);
        };
      });
      state.next = { promise, start };
      return promise;
    },
    running: () => [...states.entries()].filter(([, s]) => s.active).map(([t]) => t),
    idle: () => {
      if ([...states.values()].every((s) => !s.active && !s.next)) return Promise.resolve();
      return new Promise((r) => idleWaiters.push(r));
    },
  };
}
