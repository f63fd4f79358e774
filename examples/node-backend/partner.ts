/**
 * Where the back end gets its embed key: `MIQ_PARTNER_ID`, `MIQ_EMBED_KID` and `MIQ_EMBED_KEY` (a private JWK as JSON,
 * a PKCS#8 PEM, or an HS256 secret), or else the demo partner file that `make demo` writes (`MIQ_PARTNER_FILE`,
 * default `.miq/demo-partner.json`).
 */
import { readFileSync } from 'node:fs';
import type { PartnerCredentials } from './tokens.js';

type Env = Readonly<Record<string, string | undefined>>;

/** @example const partner = partnerFromEnv(process.env); */
export function partnerFromEnv(env: Env, defaultFile: string): PartnerCredentials {
  const { MIQ_PARTNER_ID: partnerId, MIQ_EMBED_KID: kid, MIQ_EMBED_KEY: key } = env;
  if (partnerId && kid && key) {
    return { partnerId, kid, key: key.trim().startsWith('{') ? JSON.parse(key) : key };
  }
  const file = env.MIQ_PARTNER_FILE || defaultFile;
  let parsed: { partnerId?: unknown; kid?: unknown; privateJwk?: unknown };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new Error(
      `No embed key: set MIQ_PARTNER_ID, MIQ_EMBED_KID and MIQ_EMBED_KEY, or run \`make demo\` (writes ${file}).`,
    );
  }
  if (typeof parsed.partnerId !== 'string' || typeof parsed.kid !== 'string' || typeof parsed.privateJwk !== 'object') {
    throw new Error(`${file} lacks partnerId, kid or privateJwk`);
  }
  return { partnerId: parsed.partnerId, kid: parsed.kid, key: parsed.privateJwk as PartnerCredentials['key'] };
}
