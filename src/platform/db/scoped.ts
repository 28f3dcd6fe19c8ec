import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { PlatformTables } from './schema-platform.js';

/**
 * A connection or transaction on the product database, whichever tables its holder sees. A service
 * that must run in its caller's transaction (the mail outbox, the job queue, billing's contacts
 * from accounts) takes one of these and scopes it to its own tables.
 */
export type AnyDb = Pick<Kysely<unknown>, 'getExecutor' | 'executeQuery' | 'isTransaction'>;

/** One area's view of the database: only the tables it owns (schema-<area>.ts). */
export type ScopedDb<Tables> = Kysely<Tables>;
/** A transaction seen with one area's tables. */
export type ScopedTx<Tables> = Transaction<Tables>;

/** The platform's own view: the job queue, outbox, audit log, settings and certificates. */
export type PlatformDb = ScopedDb<PlatformTables>;

/**
 * The same connection or transaction, typed with only the tables an area owns, so its code cannot
 * name another area's tables: `db.selectFrom('billing_invoices')` in tenancy does not compile. Each
 * area calls it once where it is built, and where it takes a caller's transaction (AnyDb). The
 * guard refuses a table set the database does not have.
 */
export function scopedDb<Tables>(db: Database extends Tables ? AnyDb : never): Kysely<Tables> {
  return db as unknown as Kysely<Tables>;
}
