/**
 * A FAKE session for the example: the "login" takes a user name from a form with no password and sets an HMAC-signed
 * cookie naming the user. It stands in for whatever authentication your app already has (passwords, SSO, OAuth);
 * never ship it. What matters for Marketing IQ is only that the back end knows who the user is before it mints a token.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'host_session';

/** Signs and reads session cookies with one secret (random per process unless given). */
export interface SessionCodec {
  /** The `Set-Cookie` value that logs `userId` in. */
  issue(userId: string): string;
  /** The `Set-Cookie` value that logs out. */
  clear(): string;
  /** The signed-in user id from a `Cookie` header, or undefined. */
  read(cookieHeader: string | undefined): string | undefined;
}

/**
 * @example
 * const sessions = createSessionCodec({ secret: process.env.HOST_SESSION_SECRET });
 * res.setHeader('set-cookie', sessions.issue('alice'));
 */
export function createSessionCodec(options: { secret?: string | undefined; secure?: boolean } = {}): SessionCodec {
  const secret = options.secret ? Buffer.from(options.secret) : randomBytes(32);
  const attrs = `Path=/; HttpOnly; SameSite=Lax${options.secure ? '; Secure' : ''}`;
  const sign = (value: string) => createHmac('sha256', secret).update(value).digest('base64url');
  return {
    issue(userId) {
      const value = Buffer.from(userId).toString('base64url');
      return `${SESSION_COOKIE}=${value}.${sign(value)}; ${attrs}; Max-Age=28800`;
    },
    clear() {
      return `${SESSION_COOKIE}=; ${attrs}; Max-Age=0`;
    },
    read(header) {
      if (!header) return undefined;
      for (const part of header.split(';')) {
        const [name, raw] = part.trim().split('=', 2);
        if (name !== SESSION_COOKIE || !raw) continue;
        const [value, mac] = raw.split('.', 2);
        if (!value || !mac) return undefined;
        const want = Buffer.from(sign(value));
        const got = Buffer.from(mac);
        if (want.length !== got.length || !timingSafeEqual(want, got)) return undefined;
        return Buffer.from(value, 'base64url').toString('utf8');
      }
      return undefined;
    },
  };
}
