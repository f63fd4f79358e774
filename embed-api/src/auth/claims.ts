import { z } from 'zod';

const identifier = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/);
/** Ids are strings on the wire: Meta's 18-digit ids exceed 2^53, a JSON number would silently lose digits. */
const filterValues = z.array(z.string().max(512)).min(1).max(1000);

/**
 * The tenant token's claims after signature verification. `aud`, `iss`, `exp` and `nbf` are checked by jose against
 * the policy; this schema fixes the shape of everything the API reads.
 */
export const tenantClaimsSchema = z.object({
  iss: identifier,
  aud: z.union([z.string(), z.array(z.string())]),
  sub: z.string().min(1).max(256),
  tenant: identifier,
  dashboards: z.array(z.string().min(1).max(128)).min(1).max(200),
  filters: z
    .record(z.string().min(1).max(128), filterValues)
    .refine((f) => Object.keys(f).length <= 50, 'at most 50 locked members')
    .optional(),
  exp: z.number().int(),
  iat: z.number().int(),
  nbf: z.number().int().optional(),
  jti: z.string().min(1).max(256),
  origin: z.string().url().max(2048).optional(),
  locale: z.string().max(35).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  theme: z.union([z.string().max(64), z.record(z.string(), z.unknown())]).optional(),
  scope: z.array(z.string().min(1).max(128)).max(1000).optional(),
});

export type TenantClaims = z.infer<typeof tenantClaimsSchema>;
