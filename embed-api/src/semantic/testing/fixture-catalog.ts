/**
 * The catalog from the checked-in `semantic-manifest.json` (what `dbt parse` wrote for this repository's YAML;
 * `semantic-layer.duckdb.test.ts` checks it still matches the warehouse's copy). Tests only.
 */
import { readFileSync } from 'node:fs';
import { loadCatalog } from '../catalog/load-catalog.js';
import type { Catalog } from '../catalog/types.js';

export const FIXTURE_MANIFEST_PATH = new URL('./semantic-manifest.json', import.meta.url);

export function fixtureManifest(): unknown {
  return JSON.parse(readFileSync(FIXTURE_MANIFEST_PATH, 'utf8'));
}

let cached: Catalog | undefined;
export function fixtureCatalog(): Catalog {
  cached ??= loadCatalog(fixtureManifest());
  return cached;
}
