/**
 * Fivetran webhooks: signature, payload, replay. Fivetran signs a webhook's payload with the secret given when the
 * webhook was created: HMAC-SHA256 over the raw body, hex, in the `X-Fivetran-Signature-256` header. Account webhooks
 * cover every group; a group webhook's secret only vouches for its own group. Fivetran retries a failed delivery for
 * up to 24 hours, so a delivery older than that (or from the future) is refused, and each body is accepted once.
 */
import { z } from 'zod';

export const SIGNATURE_HEADER = 'X-Fivetran-Signature-256';

export interface FivetranSecrets {
  /** Secret of the account webhook (any group). */
  readonly account?: string | undefined;
  /** Secrets of group webhooks, by Fivetran group id. */
  readonly groups?: Readonly<Record<string, string>>;
}

const encoder = new TextEncoder();

async function hmacHex(secret: string, body: Uint8Array<ArrayBuffer>): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, body));
  let hex = '';
  for (const b of mac) hex += b.toString(16).padStart(2, '0');
  return hex;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Which webhook's secret signed `body`, or null. Every configured secret is tried (constant-time comparisons). */
export async function verifyFivetranSignature(
  body: Uint8Array<ArrayBuffer>,
  header: string | undefined,
  secrets: FivetranSecrets,
): Promise<{ readonly kind: 'account' } | { readonly kind: 'group'; readonly groupId: string } | null> {
  if (!header || !/^[0-9a-fA-F]{64}$/.test(header.trim())) return null;
  const given = header.trim().toLowerCase();
  let match: { readonly kind: 'account' } | { readonly kind: 'group'; readonly groupId: string } | null = null;
  if (secrets.account && constantTimeEqual(await hmacHex(secrets.account, body), given)) match = { kind: 'account' };
  for (const [groupId, secret] of Object.entries(secrets.groups ?? {})) {
    if (constantTimeEqual(await hmacHex(secret, body), given) && match === null) match = { kind: 'group', groupId };
  }
  return match;
}

/** Signs a body as Fivetran does (tests, local tooling). */
export async function signFivetranBody(secret: string, body: string): Promise<string> {
  return (await hmacHex(secret, encoder.encode(body))).toUpperCase();
}

const id = z.string().min(1).max(200);

/** The fields the loop reads; Fivetran sends more (connector_name, sync_id, …), which are ignored. */
export const FivetranEventSchema = z
  .object({
    event: z.string().min(1).max(100),
    created: z.iso.datetime({ offset: true }),
    connector_id: id.optional(),
    connection_id: id.optional(),
    destination_group_id: id.optional(),
    group_id: id.optional(),
    data: z
      .object({ status: z.string().max(100).optional() })
      .loose()
      .optional(),
  })
  .loose()
  .refine((e) => e.connector_id !== undefined || e.connection_id !== undefined, {
    message: 'connector_id (or connection_id) is required',
    path: ['connector_id'],
  });
export type FivetranEvent = z.infer<typeof FivetranEventSchema>;

export const connectorOf = (e: FivetranEvent): string => (e.connector_id ?? e.connection_id) as string;
export const groupOf = (e: FivetranEvent): string | undefined => e.destination_group_id ?? e.group_id;

/** A successful `sync_end` is the only event that triggers a rebuild. */
export function isSuccessfulSyncEnd(e: FivetranEvent): boolean {
  return e.event === 'sync_end' && e.data?.status === 'SUCCESSFUL';
}

export async function bodyDigest(body: Uint8Array<ArrayBuffer>): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  let hex = '';
  for (const b of d) hex += b.toString(16).padStart(2, '0');
  return hex;
}
