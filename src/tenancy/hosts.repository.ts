import { chunks } from '../lib/chunks.js';
import { sql, type WhereInterface } from 'kysely';
import type { Database, DbOrTx, HostsTable, PageQuery } from '../platform/index.js';
import type { HostStatus, StatusChange } from './host-status-policy.js';

export type HostRow = HostsTable;
export type HostRowWithCustomer = HostRow & { customer_name: string };

/**
 * Which hosts a query may see: one customer's, or all of them (staff and the system). Every method
 * that reads or writes a host by id takes it, so an unscoped lookup cannot be written by accident.
 */
export type HostScope = { kind: 'customer'; customerId: string } | { kind: 'all' };

/** Narrows any query on `hosts` to the scope; use it with `.$call(inScope(scope))`. */
function inScope(scope: HostScope) {
  return <Q extends WhereInterface<Database, 'hosts'>>(query: Q): Q =>
    scope.kind === 'all' ? query : (query.where('hosts.customer_id', '=', scope.customerId) as Q);
}

export async function insertHost(db: DbOrTx, row: HostRow): Promise<void> {
  await db.insertInto('hosts').values(row).execute();
}

export async function findHost(db: DbOrTx, scope: HostScope, hostId: string): Promise<HostRow | undefined> {
  return db.selectFrom('hosts').selectAll().where('id', '=', hostId).$call(inScope(scope)).executeTakeFirst();
}

/** The domain is itself the tenant key here: XMPP finds the host from the name a client asked for. */
export async function findHostByDomain(db: DbOrTx, domain: string): Promise<HostRow | undefined> {
  return db.selectFrom('hosts').selectAll().where('domain', '=', domain).executeTakeFirst();
}

export async function listHostsSuspendedForNonPayment(db: DbOrTx, hostIds: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const part of chunks(hostIds)) {
    const rows = await db
      .selectFrom('hosts')
      .select('id')
      .where('id', 'in', part)
      .where('status', '=', 'suspended')
      .where('status_reason', '=', 'non_payment')
      .execute();
    found.push(...rows.map((row) => row.id));
  }
  return found;
}

export async function listHosts(
  db: DbOrTx,
  scope: HostScope,
  page: PageQuery & { domainContains?: string | undefined },
): Promise<HostRowWithCustomer[]> {
  // The staff list shows whose host it is; a read-only join is cheaper than asking accounts per row.
  let query = db
    .selectFrom('hosts')
    .innerJoin('customers', 'customers.id', 'hosts.customer_id')
    .selectAll('hosts')
    .select('customers.name as customer_name')
    .orderBy('hosts.id', 'desc')
    .limit(page.limit + 1)
    .$call(inScope(scope));
  if (page.before) query = query.where('hosts.id', '<', page.before);
  if (page.domainContains) {
    const pattern = `%${page.domainContains.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    query = query.where(sql<boolean>`hosts.domain like ${pattern} escape '\\'`);
  }
  return query.execute();
}

export async function updateHostStatus(
  db: DbOrTx,
  scope: HostScope,
  hostId: string,
  change: StatusChange,
  now: string,
): Promise<number> {
  const result = await db
    .updateTable('hosts')
    .set({ status: change.status, status_reason: change.statusReason, updated_at: now })
    .where('id', '=', hostId)
    .$call(inScope(scope))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Members go with the host (ON DELETE CASCADE). */
export async function deleteHost(db: DbOrTx, scope: HostScope, hostId: string): Promise<number> {
  const result = await db
    .deleteFrom('hosts')
    .where('id', '=', hostId)
    .$call(inScope(scope))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Operator-wide figures (metrics, the XMPP server's start-up), not tenant data. */
export async function countAllHostsByStatus(
  db: DbOrTx,
): Promise<Array<{ status: HostStatus; count: number }>> {
  const rows = await db
    .selectFrom('hosts')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('count')])
    .groupBy('status')
    .execute();
  return rows.map((row) => ({ status: row.status, count: Number(row.count) }));
}

export async function listAllDomains(db: DbOrTx): Promise<string[]> {
  const rows = await db.selectFrom('hosts').select('domain').orderBy('domain').execute();
  return rows.map((row) => row.domain);
}
