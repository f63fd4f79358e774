/**
 * Notices that a tenant's cache generations moved, between instances that share one store. The response cache's L1
 * (recently validated entries kept in process, in front of Redis) drops a tenant's entries on a notice; notices that
 * may have been missed (a reconnect) drop everything. A lost notice is bounded by the L1's time to live, after which
 * every entry is validated against the shared generations again.
 *
 * @example
 * const bus = createRedisGenerationBus({ publisher: redis, subscriber: redis.duplicate() });
 * const cache = createResponseCache({ store, metrics, l1: { ttlMs: 1000, bus } });
 */
export interface GenerationBus {
  /** Tells the other instances that this tenant's generations moved (after the store's INCR landed). */
  publish(tenantId: string): Promise<void>;
  /** `listener(tenantId)` on another instance's notice; `listener(null)` when notices may have been lost. */
  subscribe(listener: (tenantId: string | null) => void): void;
  /** False while notices cannot arrive (subscriber disconnected): the L1 serves nothing meanwhile. */
  listening(): boolean;
  close(): Promise<void>;
}

/**
 * The bus of a store that only this process uses (the in-process LRU): every bump happens here and reaches the L1 at
 * once, so there is nothing to publish or hear.
 */
export function createLocalGenerationBus(): GenerationBus {
  return { publish: async () => {}, subscribe: () => {}, listening: () => true, close: async () => {} };
}
