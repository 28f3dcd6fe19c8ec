import type { Migration } from 'kysely';
import * as foundation from './0001_foundation.js';

/**
 * Every migration, in order. Listed statically (not read from the folder) so the same list works
 * under tsx, in the compiled dist/, and in tests. Names never change once released.
 */
export const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
};
