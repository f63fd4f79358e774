import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../app-deps.js';
import { MiqError } from '../errors/index.js';
import {
  bodyDigest,
  connectorOf,
  FivetranEventSchema,
  groupOf,
  isSuccessfulSyncEnd,
  type RefreshDeps,
  SIGNATURE_HEADER,
  verifyFivetranSignature,
} from '../refresh/index.js';

const MAX_BODY_BYTES = 64 * 1024;
const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * `POST /webhooks/fivetran`: a signed Fivetran event. 401 for a missing or wrong signature (nothing happens), 400 for a
 * body that is not a Fivetran event, 409 for a delivery seen before or too old (replay), 202 when a rebuild of the
 * mapped tenant is queued, 200 `ignored` for events that change nothing (failed syncs, other events, unmapped
 * connectors — acknowledged so Fivetran stops retrying).
 */
export function webhookRoutes(deps: AppDeps, refresh: RefreshDeps) {
  const seen = new Map<string, number>();
  const maxAgeMs = refresh.maxAgeMs ?? 25 * 3600_000;
  const count = (outcome: string): void => refresh.metrics.inc('miq_webhooks_total', { source: 'fivetran', outcome });

  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new MiqError('payload_too_large');
    },
  });
  return new Hono().post('/webhooks/fivetran', limit, async (c) => {
    // bodyLimit refuses a declared Content-Length above the limit and cuts a streamed body off at it.
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.byteLength > MAX_BODY_BYTES) throw new MiqError('payload_too_large');

    const signer = await verifyFivetranSignature(body, c.req.header(SIGNATURE_HEADER), refresh.secrets);
    if (!signer) {
      count('bad_signature');
      throw new MiqError('unauthenticated', {
        details: [
          {
            field: SIGNATURE_HEADER,
            code: 'bad_signature',
            message: 'The HMAC-SHA256 of the body with the webhook secret does not match.',
          },
        ],
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch {
      count('malformed');
      throw new MiqError('malformed_json');
    }
    const parsed = FivetranEventSchema.safeParse(json);
    if (!parsed.success) {
      count('malformed');
      throw new MiqError('validation_failed', {
        details: parsed.error.issues.map((i) => ({
          field: i.path.join('.') || '(body)',
          code: 'invalid',
          message: i.message,
        })),
      });
    }
    const event = parsed.data;
    const group = groupOf(event);
    if (signer.kind === 'group' && group !== signer.groupId) {
      count('bad_signature');
      throw new MiqError('forbidden', {
        details: [
          { field: 'destination_group_id', code: 'wrong_group', message: "Signed with another group's secret." },
        ],
      });
    }

    // Replays: too old, from the future, or a body already accepted.
    const now = deps.clock().getTime();
    const created = Date.parse(event.created);
    const digest = await bodyDigest(body);
    let fresh = created >= now - maxAgeMs && created <= now + FUTURE_SKEW_MS;
    if (fresh) {
      for (const [k, until] of seen) if (until <= now) seen.delete(k);
      if (seen.has(digest)) fresh = false;
      else {
        try {
          fresh = await refresh.replayStore.add(`webhook:fivetran:${digest}`, '1', maxAgeMs);
        } catch {
          // Shared store down: this instance's memory still refuses replays it saw itself.
        }
        if (fresh) seen.set(digest, now + maxAgeMs);
      }
    }
    if (!fresh) {
      count('replay');
      throw new MiqError('conflict', {
        details: [{ field: '(body)', code: 'replay', message: 'This delivery was already accepted or is too old.' }],
      });
    }

    if (!isSuccessfulSyncEnd(event)) {
      count('ignored');
      return c.json({ status: 'ignored', reason: event.event === 'sync_end' ? 'sync_failed' : 'event' }, 200);
    }
    const connector = connectorOf(event);
    const mapping = await deps.appDb
      .selectFrom('tenant_connectors')
      .innerJoin('tenants', 'tenants.id', 'tenant_connectors.tenant_id')
      .select(['tenants.id as id', 'tenants.warehouse_location as location', 'tenant_connectors.kind as kind'])
      .where((eb) =>
        eb.or([
          eb.and([eb('tenant_connectors.kind', '=', 'connector'), eb('tenant_connectors.external_id', '=', connector)]),
          ...(group
            ? [eb.and([eb('tenant_connectors.kind', '=', 'group'), eb('tenant_connectors.external_id', '=', group)])]
            : []),
        ]),
      )
      .execute();
    const tenant = mapping.find((m) => m.kind === 'connector') ?? mapping[0];
    if (!tenant) {
      count('unmapped');
      return c.json({ status: 'ignored', reason: 'unmapped' }, 200);
    }
    count('queued');
    refresh.refresher.trigger({ id: tenant.id, warehouseLocation: tenant.location }, `fivetran ${connector}`).catch(
      () => undefined, // logged and counted by the refresher
    );
    return c.json({ status: 'queued', tenant: tenant.id }, 202);
  });
}
