/**
 * The demo page (`make demo`): every dashboard the token may open, a tenant switcher, and the chosen dashboard in
 * `<miq-dashboard>`. Settings come from the URL hash: `api` (default: this origin), `tokens` (JSON map tenant → token;
 * without it the page asks the demo API's `GET /demo/tokens`, served only in demo mode), `tenant`, `dashboard`.
 */
import { defineElements } from '@miq/widgets';

defineElements();

interface Listed {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
}

const hash = () => new URLSearchParams(location.hash.slice(1));
const api = hash().get('api') ?? location.origin;

async function tokens(): Promise<Record<string, string>> {
  const given = hash().get('tokens');
  if (given) return JSON.parse(given) as Record<string, string>;
  const res = await fetch(`${api}/demo/tokens`);
  if (!res.ok) throw new Error(`GET /demo/tokens: ${res.status}`);
  return ((await res.json()) as { tokens: Record<string, string> }).tokens;
}

function setHash(changes: Record<string, string>): void {
  const p = hash();
  for (const [k, v] of Object.entries(changes)) p.set(k, v);
  location.hash = p.toString();
}

const byTenant = await tokens();
const tenants = Object.keys(byTenant);
const select = document.getElementById('tenant') as HTMLSelectElement;
select.replaceChildren(
  ...tenants.map((t) => Object.assign(document.createElement('option'), { value: t, textContent: t })),
);
select.addEventListener('change', () => setHash({ tenant: select.value }));

let listed: { tenant: string; list: Listed[] } | undefined;

async function render(): Promise<void> {
  const tenant = hash().get('tenant') ?? tenants[0]!;
  const token = byTenant[tenant]!;
  select.value = tenant;
  if (listed?.tenant !== tenant) {
    const res = await fetch(`${api}/api/v1/dashboards`, { headers: { authorization: `Bearer ${token}` } });
    listed = { tenant, list: ((await res.json()) as { dashboards: Listed[] }).dashboards };
  }
  const id = hash().get('dashboard') ?? listed.list[0]?.id ?? 'overview';
  const nav = document.getElementById('nav')!;
  nav.replaceChildren();
  for (const [kind, heading] of [
    ['platform', 'Platform views'],
    ['agent', 'Agents'],
  ] as const) {
    nav.append(Object.assign(document.createElement('h3'), { textContent: heading }));
    for (const d of listed.list.filter((x) => x.kind === kind)) {
      const a = Object.assign(document.createElement('a'), { href: '#', textContent: d.title });
      a.dataset.dashboard = d.id;
      if (d.id === id) a.setAttribute('aria-current', 'page');
      a.addEventListener('click', (e) => {
        e.preventDefault();
        setHash({ dashboard: d.id });
      });
      nav.append(a);
    }
  }
  const el = document.createElement('miq-dashboard');
  el.setAttribute('dashboard', id);
  el.setAttribute('api-base', api);
  el.setAttribute('token', token);
  el.setAttribute('locale', 'en-US');
  document.getElementById('main')!.replaceChildren(el);
}

window.addEventListener('hashchange', () => void render());
await render();
