/**
 * Reads `iat` and `exp` from a compact JWS payload WITHOUT verifying it: the client only needs to know when to
 * refresh; the server verifies. Returns undefined for anything that is not a readable JWT.
 */
export interface TokenTimes {
  /** Seconds since the epoch. */
  readonly exp: number;
  readonly iat: number | undefined;
}

export function readTokenTimes(token: string): TokenTimes | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as { exp?: unknown; iat?: unknown };
    if (typeof claims.exp !== 'number') return undefined;
    return { exp: claims.exp, iat: typeof claims.iat === 'number' ? claims.iat : undefined };
  } catch {
    return undefined;
  }
}
