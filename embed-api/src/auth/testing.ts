import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Kysely } from 'kysely';
import { insertEmbedKey } from '../app-db/embed-keys.js';
import { upsertPartner } from '../app-db/partners.js';
import type { AppDatabase, EmbedKeyAlgorithm } from '../app-db/schema.js';
import { upsertTenant } from '../app-db/tenants.js';
import { sealSecret } from './secret-box.js';

/** A key a test partner signs with: the private half (or HMAC secret) and what was registered. */
export interface TestSigningKey {
  readonly kid: string;
  readonly alg: EmbedKeyAlgorithm;
  readonly partnerId: string;
  readonly privateKey: CryptoKey | Uint8Array;
  /** The registered public JWK (asymmetric keys only). */
  readonly publicJwk: JWK | undefined;
}

/** A fixed, test-only master key (32 bytes of 0x2a). */
export const TEST_MASTER_KEY = btoa(String.fromCharCode(...new Uint8Array(32).fill(42)));

/**
 * Registers a key for `partnerId` in the app database, as the operator or partner admin API would.
 *
 * @example
 * const key = await registerTestKey(db, 'p-one', 'ES256');
 */
export async function registerTestKey(
  db: Kysely<AppDatabase>,
  partnerId: string,
  alg: EmbedKeyAlgorithm,
  kid = `${partnerId}-${alg.toLowerCase()}-${crypto.randomUUID().slice(0, 8)}`,
): Promise<TestSigningKey> {
  if (alg === 'HS256') {
    const secret = crypto.getRandomValues(new Uint8Array(32));
    await insertEmbedKey(db, {
      kid,
      partner_id: partnerId,
      alg,
      public_jwk: null,
      secret_ciphertext: await sealSecret(TEST_MASTER_KEY, secret),
    });
    return { kid, alg, partnerId, privateKey: secret, publicJwk: undefined };
  }
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  await insertEmbedKey(db, {
    kid,
    partner_id: partnerId,
    alg,
    public_jwk: JSON.stringify(publicJwk),
    secret_ciphertext: null,
  });
  return { kid, alg, partnerId, privateKey, publicJwk };
}

/**
 * Two partners and three tenants: `p-one` owns `acme` and `zenith`, `p-two` owns `other-co`.
 *
 * @example
 * await seedTestTenancy(appDb.db);
 */
export async function seedTestTenancy(db: Kysely<AppDatabase>): Promise<void> {
  await upsertPartner(db, { id: 'p-one', name: 'Partner One' });
  await upsertPartner(db, { id: 'p-two', name: 'Partner Two' });
  await upsertTenant(db, {
    id: 'acme',
    partner_id: 'p-one',
    name: 'Acme',
    warehouse_location: 'acme-dir',
    reporting_currency: 'USD',
    time_zone: 'America/Chicago',
  });
  await upsertTenant(db, {
    id: 'zenith',
    partner_id: 'p-one',
    name: 'Zenith',
    warehouse_location: 'zenith-dir',
    reporting_currency: 'NZD',
    time_zone: 'Pacific/Auckland',
  });
  await upsertTenant(db, {
    id: 'other-co',
    partner_id: 'p-two',
    name: 'Other Co',
    warehouse_location: 'other-co-dir',
    reporting_currency: 'EUR',
    time_zone: 'Europe/Stockholm',
  });
}
