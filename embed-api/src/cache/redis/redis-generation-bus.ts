/**
 * The generation bus over Redis pub/sub: `publish` sends the tenant id on `<prefix>cache-generations`; every instance
 * subscribed to it drops that tenant's L1 entries. After the subscriber connection comes back from a disconnect
 * (messages sent meanwhile are lost), listeners hear `null`: drop everything.
 */
import type { GenerationBus } from '../generation-bus.js';

/** The ioredis calls the bus uses; `subscriber` must be its own connection (a subscribed one runs nothing else). */
export interface GenerationBusRedis {
  readonly publisher: { publish(channel: string, message: string): Promise<number> };
  readonly subscriber: {
    subscribe(channel: string): Promise<unknown>;
    on(event: 'message', listener: (channel: string, message: string) => void): unknown;
    on(event: 'ready' | 'close', listener: () => void): unknown;
  };
}

export async function createRedisGenerationBus(
  redis: GenerationBusRedis,
  o: { readonly prefix?: string; readonly onError?: (error: unknown) => void } = {},
): Promise<GenerationBus> {
  const channel = `${o.prefix ?? 'miq:'}cache-generations`;
  const listeners: ((tenantId: string | null) => void)[] = [];
  const tell = (tenantId: string | null) => {
    for (const l of listeners) l(tenantId);
  };
  // Not listening until the subscription is confirmed: the L1 serves nothing before.
  let disconnected = true;
  redis.subscriber.on('message', (ch, message) => {
    if (ch === channel) tell(message);
  });
  redis.subscriber.on('close', () => {
    disconnected = true;
    tell(null);
  });
  let everSubscribed = false;
  redis.subscriber.on('ready', () => {
    // ioredis resubscribes on reconnect; whatever was published in between was not heard.
    if (!everSubscribed) return;
    if (disconnected) tell(null);
    disconnected = false;
  });
  const subscribed = redis.subscriber.subscribe(channel).then(
    () => {
      everSubscribed = true;
      disconnected = false;
    },
    (error: unknown) => o.onError?.(error),
  );
  // Redis down at start must not hold the API back: wait a moment for the subscription, then go on without it.
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([subscribed, new Promise((r) => (timer = setTimeout(r, 1000)))]);
  clearTimeout(timer);
  return {
    async publish(tenantId) {
      try {
        await redis.publisher.publish(channel, tenantId);
      } catch (error) {
        // The other instances catch up when their L1 entries expire.
        o.onError?.(error);
      }
    },
    subscribe(listener) {
      listeners.push(listener);
    },
    listening: () => !disconnected,
    async close() {
      listeners.length = 0;
    },
  };
}
