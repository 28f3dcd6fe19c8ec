import { sql, type Kysely, type Transaction } from 'kysely';
import { isPostgres } from './database.js';

/**
 * Refreshes PostgreSQL's planner statistics for tables a bulk job has just grown or rewritten.
 * Autovacuum only gets there after a minute or more; until then the planner believes, say, that
 * few invoices are open and scans a status index for a page of ids instead of the primary key, which
 * made the 100,000-subscription renewal several times slower. SQLite's planner keeps no statistics
 * unless asked (sqlite_stat1), so there it is a no-op.
 */
export async function refreshPlannerStatistics<Tables>(
  db: Kysely<Tables> | Transaction<Tables>,
  tables: Array<keyof Tables & string>,
): Promise<void> {
  if (tables.length === 0 || !isPostgres(db)) return;
  await sql`ANALYZE ${sql.join(tables.map((table) => sql.table(table)))}`.execute(db);
}
