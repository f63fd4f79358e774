/**
 * Revocation notices for the verified-token cache. Every instance keeps a generation number; a cached verification is
 * only used while the generation it was made under is current. Revoking a key (or suspending a partner or tenant,
 * or changing a partner's token settings) bumps the generation here at once and, when instances share Redis, in every
 * other instance within the poll interval (pub/sub usually delivers within milliseconds; the poll is the backstop).
 *
 * @example
 * const bus = createLocalRevocationBus();
 * const gen = bus.generation();
 * await bus.invalidate('key_revoked');
 * bus.generation() !== gen; // true
 */
export interface RevocationBus {
  /** Current generation; synchronous so a cache hit costs no I/O. */
  generation(): number;
  /** Bumps the generation here and tells the other instances. Resolves once the notice is published. */
  invalidate(reason: string): Promise<void>;
  close(): Promise<void>;
}

/** A single-instance bus: only this process's cache is invalidated. */
export function createLocalRevocationBus(): RevocationBus {
  let generation = 0;
  return {
    generation: () => generation,
    invalidate: async () => {
      generation++;
    },
    close: async () => {},
  };
}

/**
 * The few Redis commands the shared bus uses (ioredis has them); injected so this module stays runtime-neutral.
 * `subscriber` must be a separate connection (a subscribed connection cannot run other commands).
 */
export interface RevocationRedis {
  readonly publisher: {
    incr(key: string): Promise<number>;
    get(key: string): Promise<string | null>;
    publish(channel: string, message: string): Promise<number>;
  };
  readonly subscriber: {
    subscribe(channel: string): Promise<unknown>;
    on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  };
}

export interface RedisRevocationBusOptions {
  readonly redis: RevocationRedis;
  /** Key and channel prefix (tests isolate themselves with their own). */
  readonly prefix?: string;
  /** Backstop poll of the shared generation, in ms (default 500: a missed message is caught well within 2 s). */
  readonly pollMs?: number;
  readonly onError?: (error: unknown) => void;
}

/**
 * A bus shared through Redis: `invalidate` increments `<prefix>:revocation-generation` and publishes it on
 * `<prefix>:revocations`; every instance bumps its local generation on a message or when the polled value changes.
 */
export async function createRedisRevocationBus(options: RedisRevocationBusOptions): Promise<RevocationBus> {
  const prefix = options.prefix ?? 'miq';
  const key = `${prefix}:revocation-generation`;
  const channel = `${prefix}:revocations`;
  const onError = options.onError ?? (() => {});
  const { publisher, subscriber } = options.redis;
  let local = 0;
  let shared = (await publisher.get(key)) ?? '0';
  const seen = (value: string) => {
    if (value !== shared) {
      shared = value;
      local++;
    }
  };
  subscriber.on('message', (ch, message) => {
    if (ch === channel) seen(message);
  });
  await subscriber.subscribe(channel);
  const timer = setInterval(() => {
    publisher.get(key).then((v) => seen(v ?? '0'), onError);
  }, options.pollMs ?? 500);
  (timer as { unref?: () => void }).unref?.();
  return {
    generation: () => local,
    async invalidate() {
      local++;
      const value = String(await publisher.incr(key));
      shared = value;
      await publisher.publish(channel, value);
    },
    async close() {
      clearInterval(timer);
    },
  };
}
