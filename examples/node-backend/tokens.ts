/**
 * Token minting for a signed-in host user with the SDK's server helper: one tenant, the user's dashboards and locked
 * filters, a short lifetime, bound to the host page's origin when one is configured.
 */
import { createEmbedToken, type EmbedSigningKey } from '@miq/sdk-js/node';
import type { HostUser, TenantGrant } from './users.js';

/** The partner's embed key, registered with Marketing IQ (the private half never leaves this back end). */
export interface PartnerCredentials {
  readonly partnerId: string;
  readonly kid: string;
  readonly key: EmbedSigningKey;
}

/** Tokens live 5 minutes; the widgets' SDK asks `/miq-token` again before they run out. */
export const TOKEN_TTL_SECONDS = 300;

/** The grant for `tenant` (default: the user's first), or undefined when the user may not open it. */
export function grantFor(user: HostUser, tenant: string | undefined): TenantGrant | undefined {
  return tenant === undefined ? user.grants[0] : user.grants.find((g) => g.tenant === tenant);
}

/**
 * @example
 * const token = await mintFor(partner, user, grantFor(user, 'rare-seeds')!, { origin: 'https://app.acme.com' });
 */
export function mintFor(
  partner: PartnerCredentials,
  user: HostUser,
  grant: TenantGrant,
  options: { readonly origin?: string | undefined } = {},
): Promise<string> {
  return createEmbedToken({
    partnerId: partner.partnerId,
    kid: partner.kid,
    key: partner.key,
    tenant: grant.tenant,
    subject: user.id,
    dashboards: user.dashboards,
    ...(grant.filters ? { filters: grant.filters } : {}),
    ttl: TOKEN_TTL_SECONDS,
    ...(options.origin ? { origin: options.origin } : {}),
  });
}
