import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { readTokenTimes } from './jwt.js';

describe('readTokenTimes (unverified)', () => {
  it('reads iat and exp from a signed token, whatever else the payload holds', async () => {
    const token = await new SignJWT({ name: 'Zoë ✓ ~~~ ???', filters: { 'account.id': ['1'] } })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(1_800_000_000)
      .setExpirationTime(1_800_000_900)
      .sign(new TextEncoder().encode('x'.repeat(32)));
    expect(readTokenTimes(token)).toEqual({ iat: 1_800_000_000, exp: 1_800_000_900 });
  });

  it('exp without iat', () => {
    const token = new UnsecuredJWT({}).setExpirationTime(1_800_000_900).encode();
    expect(readTokenTimes(token)).toEqual({ iat: undefined, exp: 1_800_000_900 });
  });

  it.each(['opaque-api-key', 'a.b.c', 'a.!!!.c', `x.${btoa('{"exp":"soon"}')}.y`, ''])('%j → undefined', (token) => {
    expect(readTokenTimes(token)).toBeUndefined();
  });
});
