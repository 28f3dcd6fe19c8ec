import type { HostEntitlementsTable } from '../platform/index.js';
import type { TenancyDb, TenancyTx } from './tenancy-deps.js';

export type HostEntitlementsRow = HostEntitlementsTable;

/** Keyed by host: entitlements exist only for one host. */
export async function findEntitlements(
  db: TenancyDb,
  hostId: string,
): Promise<HostEntitlementsRow | undefined> {
  return db.selectFrom('host_entitlements').selectAll().where('host_id', '=', hostId).executeTakeFirst();
}

/**
 * Reads a host's limits and holds its row until the transaction ends (a no-op write takes the row
 * lock on PostgreSQL; SQLite runs one transaction at a time), so concurrent member additions are
 * counted one after the other.
 */
export async function lockEntitlements(
  tx: TenancyTx,
  hostId: string,
): Promise<HostEntitlementsRow | undefined> {
  return tx
    .updateTable('host_entitlements')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('host_id', '=', hostId)
    .returningAll()
    .executeTakeFirst();
}

/** The limits of every host on a plan; a host without a row has none. */
export async function listEntitlements(db: TenancyDb): Promise<HostEntitlementsRow[]> {
  return db.selectFrom('host_entitlements').selectAll().orderBy('host_id').execute();
}

export async function saveEntitlements(db: TenancyDb, row: HostEntitlementsRow): Promise<void> {
  const { host_id: _hostId, ...limits } = row;
  await db
    .insertInto('host_entitlements')
    .values(row)
    .onConflict((oc) => oc.column('host_id').doUpdateSet(limits))
    .execute();
}

export async function clearEntitlements(db: TenancyDb, hostId: string): Promise<void> {
  await db.deleteFrom('host_entitlements').where('host_id', '=', hostId).execute();
}

export async function countMembers(db: TenancyDb, hostId: string): Promise<number> {
  const row = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('host_id', '=', hostId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
