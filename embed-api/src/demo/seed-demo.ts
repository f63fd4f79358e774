import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { Kysely } from 'kysely';
import { insertEmbedKey, listEmbedKeys, revokeEmbedKey } from '../app-db/embed-keys.js';
import { upsertPartner } from '../app-db/partners.js';
import type { AppDatabase } from '../app-db/schema.js';
import { upsertTenant } from '../app-db/tenants.js';
import type { DemoTenant } from './demo-tenants.js';

export const DEMO_PARTNER_ID = 'demo-partner';

/** What `.miq/demo-partner.json` holds: enough for tests and newcomers to mint tokens. Git-ignored; contains a private key. */
export interface DemoPartnerFile {
  readonly partnerId: string;
  readonly kid: string;
  readonly alg: 'EdDSA';
  readonly privateJwk: JWK;
  readonly tenants: readonly string[];
}

function publicPart(jwk: JWK): JWK {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
}

/**
 * Seeds the demo partner, its tenants (warehouse location = tenant id, the tenant's directory under the warehouse dir)
 * and an Ed25519 embed key. Idempotent: when `previous` (the last demo-partner file) still matches an active key, that
 * key is kept, so tokens minted earlier keep working; otherwise a new key is registered and stale demo keys revoked.
 *
 * @example
 * const file = await seedDemo(db, { tenants, previous: await readPrevious(), now: new Date() });
 */
export async function seedDemo(
  db: Kysely<AppDatabase>,
  options: {
    readonly tenants: readonly DemoTenant[];
    readonly previous?: DemoPartnerFile | undefined;
    readonly now: Date;
  },
): Promise<DemoPartnerFile> {
  await upsertPartner(db, { id: DEMO_PARTNER_ID, name: 'Demo partner' });
  for (const tenant of options.tenants) {
    await upsertTenant(db, {
      id: tenant.id,
      partner_id: DEMO_PARTNER_ID,
      name: tenant.name,
      warehouse_location: tenant.id,
      reporting_currency: tenant.reportingCurrency,
      time_zone: tenant.timeZone,
    });
  }
  const tenants = options.tenants.map((t) => t.id);

  const keys = await listEmbedKeys(db, DEMO_PARTNER_ID);
  const previous = options.previous;
  const reusable =
    previous !== undefined &&
    previous.partnerId === DEMO_PARTNER_ID &&
    keys.some(
      (k) =>
        k.kid === previous.kid &&
        k.status === 'active' &&
        k.alg === previous.alg &&
        k.public_jwk === JSON.stringify(publicPart(previous.privateJwk)),
    );
  if (reusable) return { ...previous, tenants };

  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const kid = `demo-${options.now.toISOString().slice(0, 10)}-${crypto.randomUUID().slice(0, 8)}`;
  await insertEmbedKey(db, {
    kid,
    partner_id: DEMO_PARTNER_ID,
    alg: 'EdDSA',
    public_jwk: JSON.stringify(publicPart(await exportJWK(publicKey))),
    secret_ciphertext: null,
  });
  for (const stale of keys) {
    if (stale.status === 'active') await revokeEmbedKey(db, DEMO_PARTNER_ID, stale.kid, options.now);
  }
  return { partnerId: DEMO_PARTNER_ID, kid, alg: 'EdDSA', privateJwk, tenants };
}
