import type { Kysely } from 'kysely';
import type { AppDatabase } from './schema.js';

/** An open app database: the Kysely instance and how to close it. Both dialects pass `app-db.case.test.ts`. */
export interface AppDb {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Kysely<AppDatabase>;
  close(): Promise<void>;
}
