// Token handling against a protocol test server that verifies HS256 tokens strictly (no clock tolerance), so an
// expired token really is refused: refresh ahead of expiry, once more on a 401, collapsed concurrent refreshes, and
// acceptance 2 (2-second tokens, 20 concurrent requests, one refresh per expiry).
import { errors, jwtVerify, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, MiqAuthError, type MiqError } from '../index.js';
import { apiError, json, type ProtocolServer, startProtocolServer } from '../testing/protocol-server.js';

const SECRET = new TextEncoder().encode('protocol-test-secret-0123456789abcdef');
let server: ProtocolServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A token valid from `iat` for `ttl` seconds (NumericDate: whole seconds, as most issuers mint them). */
function mint(ttl: number, iat = Math.floor(Date.now() / 1000)): Promise<string> {
  return new SignJWT({ tenant: 't1' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .sign(SECRET);
}

/** Answers 200 for a currently valid token, 401 `token_expired` / `unauthenticated` otherwise. */
async function strictServer(delayMs = 0) {
  server = await startProtocolServer(async (req, res) => {
    const token = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    try {
      await jwtVerify(token, SECRET, { clockTolerance: 0 });
      setTimeout(() => json(res, 200, { data: [], token }), delayMs);
    } catch (e) {
      const expired = e instanceof errors.JWTExpired;
      json(res, 401, apiError(expired ? 'token_expired' : 'unauthenticated', 'refused'));
    }
  });
  return server;
}

const tokensSeen = (s: ProtocolServer) => new Set(s.requests.map((r) => r.headers.authorization));

describe('tokens', () => {
  it('an expired static token with no getToken raises token_expired and tells onTokenExpired, without a request', async () => {
    const s = await strictServer();
    const client = createClient({ baseUrl: s.url, token: await mint(60, Math.floor(Date.now() / 1000) - 120) });
    const heard: MiqError[] = [];
    client.onTokenExpired((e) => heard.push(e));
    const results = await Promise.allSettled([client.health(), client.schema()]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(MiqAuthError);
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'token_expired' });
    }
    expect(heard).toHaveLength(1); // once per token, not once per request
    expect(s.requests).toHaveLength(0);
  });

  it('a 401 token_expired with no getToken is raised and heard', async () => {
    const s = await strictServer();
    // Opaque to the client (not a JWT): it cannot know; the server refuses it.
    const client = createClient({ baseUrl: s.url, token: 'opaque.but-invalid' });
    const heard: MiqError[] = [];
    const off = client.onTokenExpired((e) => heard.push(e));
    await expect(client.health()).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(heard).toHaveLength(0); // not an expiry
    off();
    expect(s.requests).toHaveLength(1);
  });

  it.each([
    ['a 15-minute token with 25 s left (default 30 s)', 900, 875, 1],
    ['a 15-minute token with 40 s left', 900, 860, 0],
    ['a 60-second token with 10 s left (capped at a quarter of its lifetime: 15 s)', 60, 50, 1],
    ['a 60-second token with 20 s left', 60, 40, 0],
  ])('refresh ahead of expiry: %s', async (_name, ttl, age, refreshes) => {
    const s = await strictServer();
    let calls = 0;
    const client = createClient({
      baseUrl: s.url,
      token: await mint(ttl, Math.floor(Date.now() / 1000) - age),
      getToken: () => {
        calls++;
        return mint(ttl);
      },
    });
    await client.health();
    await client.schema();
    expect(calls).toBe(refreshes);
    expect(s.requests).toHaveLength(2);
    expect(tokensSeen(s).size).toBe(1);
  });

  it('a refused token triggers one getToken for all concurrent requests, each retried once', async () => {
    const s = await strictServer();
    let calls = 0;
    // The client believes this token is fine (no exp); the server refuses it.
    const client = createClient({
      baseUrl: s.url,
      token: 'x.eyJzdWIiOiJ1In0.y',
      getToken: async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 50));
        return mint(60);
      },
    });
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => client.metrics({ measures: [`m${i}`] })));
    expect(results).toHaveLength(10);
    expect(calls).toBe(1);
    expect(s.requests.filter((r) => r.headers.authorization === 'Bearer x.eyJzdWIiOiJ1In0.y')).toHaveLength(10);
    expect(s.requests).toHaveLength(20);
  });

  it('when getToken fails after a 401, raises token_expired (with the cause) and tells onTokenExpired', async () => {
    const s = await strictServer();
    const client = createClient({
      baseUrl: s.url,
      token: 'x.eyJzdWIiOiJ1In0.y',
      getToken: () => Promise.reject(new Error('back end down')),
    });
    const heard: MiqError[] = [];
    client.onTokenExpired((e) => heard.push(e));
    const err = (await client.health().catch((e: unknown) => e)) as MiqAuthError;
    expect(err).toBeInstanceOf(MiqAuthError);
    expect(err.code).toBe('token_expired');
    expect((err.cause as Error).message).toBe('back end down');
    expect(heard).toEqual([err]);
  });

  it('acceptance 2: 2-second tokens, 20 concurrent requests in flight, succeed across expiries with one refresh each', async () => {
    const s = await strictServer(20);
    const calls: { at: number; previousExp: number | undefined }[] = [];
    let current: number | undefined;
    let inGetToken = 0;
    let maxInGetToken = 0;
    const client = createClient({
      baseUrl: s.url,
      getToken: async () => {
        calls.push({ at: Date.now(), previousExp: current });
        inGetToken++;
        maxInGetToken = Math.max(maxInGetToken, inGetToken);
        await new Promise((r) => setTimeout(r, 30)); // a round trip to the host's back end
        const iat = Math.floor(Date.now() / 1000);
        current = iat + 2;
        inGetToken--;
        return mint(2, iat);
      },
    });
    const until = Date.now() + 6500;
    let ok = 0;
    // 20 workers, each always has one request in flight; distinct bodies so de-duplication does not hide load.
    await Promise.all(
      Array.from({ length: 20 }, async (_, w) => {
        for (let i = 0; Date.now() < until; i++) {
          await client.metrics({ measures: ['ads.spend'], limit: w * 100_000 + i + 1 });
          ok++;
        }
      }),
    );
    // Every request succeeded (a failure would have rejected Promise.all above).
    const refused = s.requests.length - ok; // 401s answered by one renewal; 0 unless the event loop stalled > 0.5 s
    console.log(`acceptance 2: ${ok} requests in 6.5 s, ${calls.length} getToken calls, ${refused} refused`);
    expect(maxInGetToken).toBe(1); // refreshes never overlap
    // 6.5 s of 1-2 s tokens: at least 4 expiries crossed.
    expect(calls.length).toBeGreaterThanOrEqual(4);
    expect(tokensSeen(s).size).toBe(calls.length); // every refresh's token was used: none wasted
    // One refresh per token: never before its predecessor's last quarter (0.5 s), so never two for one expiry.
    for (const c of calls.slice(1)) {
      expect(c.at).toBeGreaterThanOrEqual((c.previousExp as number) * 1000 - 500 - 5);
    }
    expect(refused).toBeLessThanOrEqual(20 * (calls.length - 1)); // at worst each in-flight request renewed once
  }, 15_000);
});
