import { describe, expect, it } from 'vitest';
import { createLocalRevocationBus, createRedisRevocationBus, type RevocationRedis } from './revocation.js';

/** An in-memory stand-in for Redis whose pub/sub can be made to drop messages. */
function fakeRedis(shared: Map<string, string>, deliver: boolean) {
  const listeners: ((channel: string, message: string) => void)[] = [];
  const redis: RevocationRedis = {
    publisher: {
      incr: async (key) => {
        const next = Number(shared.get(key) ?? '0') + 1;
        shared.set(key, String(next));
        return next;
      },
      get: async (key) => shared.get(key) ?? null,
      publish: async () => 0,
    },
    subscriber: { subscribe: async () => 1, on: (_event, listener) => listeners.push(listener) },
  };
  const send = (channel: string, message: string) => {
    if (!deliver) return;
    for (const l of listeners) l(channel, message);
  };
  return { redis, deliver: send };
}

describe('revocation bus', () => {
  it('bumps the local generation at once', async () => {
    const bus = createLocalRevocationBus();
    const before = bus.generation();
    await bus.invalidate('key_revoked');
    expect(bus.generation()).not.toBe(before);
  });

  it('through Redis: another instance follows from the polled generation even when pub/sub drops the message', async () => {
    const shared = new Map<string, string>();
    const a = await createRedisRevocationBus({ redis: fakeRedis(shared, false).redis, pollMs: 50 });
    const b = await createRedisRevocationBus({ redis: fakeRedis(shared, false).redis, pollMs: 50 });
    const seen = b.generation();
    await a.invalidate('key_revoked');
    expect(b.generation()).toBe(seen); // no message arrived
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(b.generation()).not.toBe(seen);
    const settled = b.generation();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(b.generation()).toBe(settled); // polling an unchanged value does not invalidate again
    await a.close();
    await b.close();
  });

  it('through Redis: a delivered message invalidates without waiting for the poll', async () => {
    const shared = new Map<string, string>();
    const fake = fakeRedis(shared, true);
    const bus = await createRedisRevocationBus({ redis: fake.redis, pollMs: 60_000 });
    const seen = bus.generation();
    fake.deliver('miq:revocations', '7');
    expect(bus.generation()).not.toBe(seen);
    fake.deliver('other-channel', '8');
    expect(bus.generation()).toBe(seen + 1);
    await bus.close();
  });
});
