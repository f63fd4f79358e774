/**
 * The agency portal: one agency user, several client tenants. Each client gets its own token from the host back end
 * (`/miq-token?tenant=<client>`), minted for that tenant only; switching clients replaces the dashboard element, so no
 * state, cache entry or token of one client is ever used for another.
 */
import { defineElements, type MiqDashboard } from '@miq/widgets';
import { apiBase, fetchToken } from '../node-backend/token-client.js';

interface Me {
  readonly dashboard: string;
  readonly tenants: readonly { readonly id: string; readonly label: string }[];
}

defineElements();
const me = (await fetch('/me', { credentials: 'same-origin' }).then((r) => r.json())) as Me;
const select = document.getElementById('client') as HTMLSelectElement;
select.replaceChildren(
  ...me.tenants.map((t) => Object.assign(document.createElement('option'), { value: t.id, textContent: t.label })),
);

/** Shows `tenant`'s dashboard; the element asks for that client's token itself (and again before it expires). */
function show(tenant: string): void {
  const el = document.createElement('miq-dashboard') as MiqDashboard;
  el.setAttribute('dashboard', me.dashboard);
  el.setAttribute('api-base', apiBase());
  el.setAttribute('locale', 'en-US');
  el.dataset.tenant = tenant;
  el.tokenProvider = () => fetchToken(tenant);
  document.getElementById('main')!.replaceChildren(el);
  select.value = tenant;
  history.replaceState(null, '', `#client=${encodeURIComponent(tenant)}`);
}

select.addEventListener('change', () => show(select.value));
const fromHash = new URLSearchParams(location.hash.slice(1)).get('client');
show(me.tenants.some((t) => t.id === fromHash) ? fromHash! : me.tenants[0]!.id);
