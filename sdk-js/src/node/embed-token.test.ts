import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { MiqValidationError } from '../errors/index.js';
import { createEmbedToken, type EmbedSigningKey } from './index.js';

const BASE = {
  partnerId: 'partner-acme',
  kid: 'acme-2026-11',
  tenant: 'rare-seeds',
  subject: 'user-42',
  dashboards: ['google-ads', 'meta-ads'],
  filters: { 'account.id': ['123456789012345678'] },
};

function pair(kind: 'ed25519' | 'ec' | 'rsa'): { privateKey: KeyObject; publicKey: KeyObject } {
  if (kind === 'ec') return generateKeyPairSync('ec', { namedCurve: 'P-256' });
  if (kind === 'rsa') return generateKeyPairSync('rsa', { modulusLength: 2048 });
  return generateKeyPairSync('ed25519');
}

const asymmetric = [
  ['ed25519', 'EdDSA'],
  ['ec', 'ES256'],
  ['rsa', 'RS256'],
] as const;

describe('createEmbedToken', () => {
  for (const [kind, alg] of asymmetric) {
    const { privateKey, publicKey } = pair(kind);
    const forms: [string, EmbedSigningKey][] = [
      ['JWK', privateKey.export({ format: 'jwk' }) as EmbedSigningKey],
      ['PEM', privateKey.export({ format: 'pem', type: 'pkcs8' }) as string],
      ['KeyObject', privateKey],
    ];
    for (const [form, key] of forms) {
      it(`${alg} from a ${form} private key verifies with the public key and carries every claim`, async () => {
        const before = Math.floor(Date.now() / 1000);
        const token = await createEmbedToken({ ...BASE, key });
        const { payload, protectedHeader } = await jwtVerify(token, publicKey, {
          audience: 'marketing-iq',
          issuer: 'partner-acme',
          typ: 'miq-embed+jwt',
        });
        expect(protectedHeader).toEqual({ alg, kid: 'acme-2026-11', typ: 'miq-embed+jwt' });
        expect(payload).toMatchObject({
          sub: 'user-42',
          tenant: 'rare-seeds',
          dashboards: ['google-ads', 'meta-ads'],
          filters: { 'account.id': ['123456789012345678'] },
        });
        expect(payload.iat).toBeGreaterThanOrEqual(before);
        expect(payload.nbf).toBe(payload.iat);
        expect(payload.exp).toBe((payload.iat as number) + 15 * 60); // default ttl
        expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
        for (const absent of ['origin', 'locale', 'currency', 'theme', 'scope'])
          expect(payload).not.toHaveProperty(absent);
      });
    }
  }

  it('HS256 from a secret string; every optional claim when given; a fresh jti each time', async () => {
    const secret = 'an-hs256-secret-of-at-least-32-bytes!!';
    const opts = {
      ...BASE,
      key: secret,
      ttl: '2h',
      origin: 'https://app.acme.com',
      locale: 'de-DE',
      currency: 'EUR',
      theme: 'dark',
      scope: ['ads.spend'],
      now: Date.UTC(2026, 10, 25, 12, 0, 0),
    };
    const a = await createEmbedToken(opts);
    const b = await createEmbedToken(opts);
    const { payload } = await jwtVerify(a, new TextEncoder().encode(secret), {
      currentDate: new Date(Date.UTC(2026, 10, 25, 12, 30)),
    });
    expect(decodeProtectedHeader(a).alg).toBe('HS256');
    expect(payload).toMatchObject({ origin: 'https://app.acme.com', locale: 'de-DE', currency: 'EUR', theme: 'dark' });
    expect(payload.scope).toEqual(['ads.spend']);
    expect(payload.iat).toBe(Date.UTC(2026, 10, 25, 12) / 1000);
    expect(payload.exp).toBe(Date.UTC(2026, 10, 25, 14) / 1000);
    const { payload: pb } = await jwtVerify(b, new TextEncoder().encode(secret), {
      currentDate: new Date(Date.UTC(2026, 10, 25, 12, 30)),
    });
    expect(pb.jti).not.toBe(payload.jti);
  });

  it('accepts exactly 24 h and refuses longer', async () => {
    const key = pair('ed25519').privateKey;
    const token = await createEmbedToken({ ...BASE, key, ttl: '24h' });
    const [, body] = token.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString()) as { iat: number; exp: number };
    expect(claims.exp - claims.iat).toBe(86_400);
    await expect(createEmbedToken({ ...BASE, key, ttl: 86_401 })).rejects.toMatchObject({
      details: [{ field: 'ttl', code: 'too_long' }],
    });
  });

  it('collects every bad option into one MiqValidationError', async () => {
    const err = await createEmbedToken({
      ...BASE,
      key: 'short',
      tenant: '',
      dashboards: [],
      filters: { 'account.id': [123 as unknown as string] },
      ttl: 'soon',
      origin: 'https://app.acme.com/path',
      currency: 'eur',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MiqValidationError);
    expect((err as MiqValidationError).details.map((d) => d.field).sort()).toEqual(
      ['currency', 'dashboards', 'filters.account.id', 'origin', 'tenant', 'ttl'].sort(),
    );
  });

  it.each([
    ['a public JWK', () => pair('ec').publicKey.export({ format: 'jwk' }) as EmbedSigningKey, 'public_key'],
    ['a too-short HS256 secret', () => 'short-secret', 'too_short'],
    ['a P-384 key', () => generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey, 'unsupported'],
    ['garbage PEM', () => '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----', 'invalid'],
  ])('refuses %s', async (_name, key, code) => {
    await expect(createEmbedToken({ ...BASE, key: key() })).rejects.toMatchObject({
      code: 'validation_failed',
      details: [{ field: 'key', code }],
    });
  });

  it("signs an Ed25519 key given alg 'Ed25519' as EdDSA (the algorithm the API registers)", async () => {
    const token = await createEmbedToken({ ...BASE, key: pair('ed25519').privateKey, alg: 'Ed25519' });
    expect(decodeProtectedHeader(token).alg).toBe('EdDSA');
  });

  it('refuses an alg that does not fit the key (no algorithm confusion)', async () => {
    await expect(createEmbedToken({ ...BASE, key: pair('rsa').privateKey, alg: 'HS256' })).rejects.toMatchObject({
      details: [{ field: 'alg', code: 'mismatch' }],
    });
  });
});
