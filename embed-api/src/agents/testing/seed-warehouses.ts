/**
 * Warehouses for the agents' multi-seed acceptance tests: `MIQ_AGENTS_SEED_DIRS` (comma-separated warehouse dirs) or
 * `data/agents-seed{42,3,7}`, which `src/agents/testing/build-seed-warehouses.sh` builds with one fixed end date
 * (results on generated data depend on it; the tests take their clock from each manifest's `end_date`).
 * A missing warehouse fails the test with the command to run; it is never skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');

export interface SeedWarehouse {
  readonly dir: string;
  readonly seed: number;
  readonly manifest: GeneratorManifest;
}

export interface ManifestEvent {
  readonly id: string;
  readonly tenant: string;
  readonly kind: string;
  readonly platform?: string;
  readonly date?: string;
  readonly date_from?: string;
  readonly date_to?: string;
  readonly must_detect?: boolean;
  readonly observed_relative_change?: number | number[];
  readonly min_effect?: { readonly min_relative_change?: number; readonly threshold?: unknown };
  readonly [key: string]: unknown;
}

export interface GeneratorManifest {
  readonly seed: number;
  readonly end_date: string;
  readonly tenants: Record<string, unknown>;
  readonly events: readonly ManifestEvent[];
}

export function seedWarehouses(): SeedWarehouse[] {
  const dirs = process.env.MIQ_AGENTS_SEED_DIRS
    ? process.env.MIQ_AGENTS_SEED_DIRS.split(',').map((d) => resolve(REPO, d.trim()))
    : [42, 3, 7].map((seed) => join(REPO, `data/agents-seed${seed}`));
  return dirs.map((dir) => {
    if (!existsSync(join(dir, 'semantic_manifest.json')) || !existsSync(join(dir, 'manifest.json'))) {
      throw new Error(`${dir} is not a built warehouse: run embed-api/src/agents/testing/build-seed-warehouses.sh`);
    }
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as GeneratorManifest;
    return { dir, seed: manifest.seed, manifest };
  });
}

/** A clock at which "yesterday" in `timeZone` is `date`. */
export function nowWhereYesterdayIs(date: string, timeZone: string): Date {
  const target = new Date(`${date}T00:00:00Z`);
  target.setUTCDate(target.getUTCDate() + 1);
  const today = target.toISOString().slice(0, 10);
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  for (let h = -14; h <= 14; h += 1) {
    const t = new Date(target.getTime() + (12 + h) * 3_600_000);
    if (fmt.format(t) === today) return t;
  }
  throw new Error(`no instant where ${today} is today in ${timeZone}`);
}
