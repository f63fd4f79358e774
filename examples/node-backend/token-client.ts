/**
 * Browser side of the token endpoint, shared by the three example pages: asks the host back end (session cookie
 * included) for a fresh tenant token. Give it to a widget as `tokenProvider`; the SDK calls it before expiry.
 *
 * @example
 * dashboard.tokenProvider = () => fetchToken('nordic-knits');
 */
export async function fetchToken(tenant?: string): Promise<string> {
  const url = tenant ? `/miq-token?tenant=${encodeURIComponent(tenant)}` : '/miq-token';
  const res = await fetch(url, { credentials: 'same-origin', cache: 'no-store' });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.text();
}

/** The API base the back end wrote into the page (`<meta name="miq-api-base">`). */
export function apiBase(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="miq-api-base"]')?.content ?? location.origin;
}
