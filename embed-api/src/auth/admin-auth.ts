import { createMiddleware } from 'hono/factory';
import type { Kysely } from 'kysely';
import { partnerForApiKey } from '../admin/operations.js';
import type { AppDatabase } from '../app-db/schema.js';
import { MiqError } from '../errors/index.js';
import { constantTimeEqual, OPERATOR_TOKEN_PREFIX, PARTNER_API_KEY_PREFIX, sha256Hex } from './api-keys.js';

export interface PartnerAdminVariables {
  readonly partnerId: string;
}

function refused(code: string, message: string): MiqError {
  return new MiqError('unauthenticated', {
    message: 'A valid partner API key is required.',
    details: [{ field: 'authorization', code, message }],
    headers: { 'WWW-Authenticate': 'Bearer realm="marketing-iq-admin"' },
  });
}

function bearer(header: string | undefined): string {
  if (header === undefined || header.trim() === '') throw refused('missing', 'Send "Authorization: Bearer <key>".');
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  if (match === null || match[1]!.length > 512) throw refused('malformed', 'Send "Authorization: Bearer <key>".');
  return match[1]!;
}

/**
 * Guards `/api/v1/admin/*`: a partner API key (`miq_pk_…`), looked up by its SHA-256. A tenant token (or any JWT,
 * e.g. an export or admin-typed token) is refused as `wrong_token_kind`: the kinds are never interchangeable.
 *
 * @example
 * app.use('/api/v1/admin/*', requirePartnerApiKey(db));
 */
export function requirePartnerApiKey(db: Kysely<AppDatabase>) {
  return createMiddleware<{ Variables: PartnerAdminVariables }>(async (c, next) => {
    const key = bearer(c.req.header('authorization'));
    if (!key.startsWith(PARTNER_API_KEY_PREFIX)) {
      throw refused(
        key.split('.').length === 3 ? 'wrong_token_kind' : 'malformed',
        'The admin API takes a partner API key (miq_pk_…), not a tenant token.',
      );
    }
    const partnerId = await partnerForApiKey(db, key);
    if (partnerId === undefined) throw refused('unknown_api_key', 'This API key is unknown or revoked.');
    c.set('partnerId', partnerId);
    await next();
  });
}

/**
 * Guards `/api/v1/operator/*` with the operator token whose SHA-256 is `MIQ_OPERATOR_TOKEN_SHA256`. Without that
 * setting the operator routes answer 404 (the CLI, run on the server, is the operator's other way in).
 */
export function requireOperator(tokenSha256: string | undefined) {
  return createMiddleware(async (c, next) => {
    if (tokenSha256 === undefined) throw new MiqError('not_found');
    const token = bearer(c.req.header('authorization'));
    if (!token.startsWith(OPERATOR_TOKEN_PREFIX)) {
      throw refused(token.split('.').length === 3 ? 'wrong_token_kind' : 'malformed', 'Operator token required.');
    }
    if (!constantTimeEqual(await sha256Hex(token), tokenSha256)) {
      throw refused('unknown_operator_token', 'Operator token required.');
    }
    await next();
  });
}
