/**
 * For validation tests: `refusalCodes` compiles `body` with the fixture catalog (no warehouse) and returns the 400's details as
 * `field:code`; fails when the query is accepted.
 */
import { MiqError } from '../../errors/index.js';
import type { Warehouse } from '../../warehouse/types.js';
import { createSemanticLayer } from '../semantic-layer.js';
import { EXAMPLE_NOW, EXAMPLE_SCOPE } from './examples.js';
import { fixtureCatalog } from './fixture-catalog.js';

const warehouse: Warehouse = { dialect: 'duckdb', execute: async () => [], close: async () => {} };
let layer: ReturnType<typeof createSemanticLayer> | undefined;

/** The semantic layer over the fixture catalog, with a warehouse that answers nothing (compile/normalize only). */
export function fixtureLayer(): ReturnType<typeof createSemanticLayer> {
  layer ??= createSemanticLayer({ catalog: fixtureCatalog(), warehouse });
  return layer;
}

/** @example refusalCodes({ measures: ['ads.spend'], top: { n: 0, by: 'ads.spend' } }) // ['top.n:too_small'] */
export function refusalCodes(body: unknown): string[] {
  try {
    fixtureLayer().compile(body, EXAMPLE_SCOPE, { now: EXAMPLE_NOW });
  } catch (e) {
    if (e instanceof MiqError && e.status === 400) return e.details.map((d) => `${d.field}:${d.code}`);
    throw e;
  }
  throw new Error('expected the query to be refused');
}
