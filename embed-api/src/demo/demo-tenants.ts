import { z } from 'zod';

const tenantsFileSchema = z.object({
  tenants: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/),
        name: z.string().min(1),
        reporting_currency: z.string().regex(/^[A-Z]{3}$/),
        time_zone: z.string().min(1),
      }),
    )
    .min(1),
});

/** A demo tenant as the seed needs it (from `dbt/generator/tenants.json`). */
export interface DemoTenant {
  readonly id: string;
  readonly name: string;
  readonly reportingCurrency: string;
  readonly timeZone: string;
}

/**
 * Reads the demo tenants from the parsed `tenants.json`; throws naming the first bad field.
 *
 * @example
 * const tenants = parseDemoTenants(JSON.parse(await readFile('dbt/generator/tenants.json', 'utf8')));
 */
export function parseDemoTenants(json: unknown): DemoTenant[] {
  const parsed = tenantsFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`tenants file: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data.tenants.map((t) => ({
    id: t.id,
    name: t.name,
    reportingCurrency: t.reporting_currency,
    timeZone: t.time_zone,
  }));
}
