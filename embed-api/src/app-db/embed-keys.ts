import type { Kysely } from 'kysely';
import type { AppDatabase, EmbedKey, EmbedKeyAlgorithm, NewEmbedKey } from './schema.js';

/** A key as token verification needs it: the key row plus its partner's status and lifetime limit. */
export interface EmbedKeyWithPartner {
  readonly kid: string;
  readonly partnerId: string;
  readonly alg: EmbedKeyAlgorithm;
  readonly publicJwk: string | null;
  readonly secretCiphertext: string | null;
  readonly status: 'active' | 'revoked';
  readonly partnerStatus: 'active' | 'suspended';
  readonly partnerMaxLifetimeSeconds: number | null;
}

/**
 * @example
 * await insertEmbedKey(db, { kid: 'k1', partner_id: 'demo-partner', alg: 'EdDSA', public_jwk: JSON.stringify(jwk),
 *   secret_ciphertext: null });
 */
export async function insertEmbedKey(db: Kysely<AppDatabase>, key: NewEmbedKey): Promise<EmbedKey> {
  return db.insertInto('embed_keys').values(key).returningAll().executeTakeFirstOrThrow();
}

/** Looks a `kid` up with its partner in one round trip. */
export async function findEmbedKey(db: Kysely<AppDatabase>, kid: string): Promise<EmbedKeyWithPartner | undefined> {
  const row = await db
    .selectFrom('embed_keys as k')
    .innerJoin('partners as p', 'p.id', 'k.partner_id')
    .select([
      'k.kid',
      'k.partner_id',
      'k.alg',
      'k.public_jwk',
      'k.secret_ciphertext',
      'k.status',
      'p.status as partner_status',
      'p.max_token_lifetime_seconds',
    ])
    .where('k.kid', '=', kid)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    kid: row.kid,
    partnerId: row.partner_id,
    alg: row.alg,
    publicJwk: row.public_jwk,
    secretCiphertext: row.secret_ciphertext,
    status: row.status,
    partnerStatus: row.partner_status,
    partnerMaxLifetimeSeconds: row.max_token_lifetime_seconds,
  };
}

/** Revokes a key at once (only the owning partner's key; returns false when there was nothing to revoke). */
export async function revokeEmbedKey(
  db: Kysely<AppDatabase>,
  partnerId: string,
  kid: string,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('embed_keys')
    .set({ status: 'revoked', revoked_at: at })
    .where('kid', '=', kid)
    .where('partner_id', '=', partnerId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function listEmbedKeys(db: Kysely<AppDatabase>, partnerId: string): Promise<EmbedKey[]> {
  return db.selectFrom('embed_keys').selectAll().where('partner_id', '=', partnerId).orderBy('created_at').execute();
}
