import { chunks } from '../lib/chunks.js';
import { sql, type WhereInterface } from 'kysely';
import type { HostsTable, PageQuery, TenancyTables } from '../platform/index.js';
import type { HostStatus, StatusChange } from './host-status-policy.js';
import type { TenancyDb } from './tenancy-deps.js';

export type HostRow = HostsTable;
/** A host with its customer's name, which accounts owns (tenancy asks for it through a port). */
export type HostRowWithCustomer = HostRow & { customer_name: string };

/**
 * Which hosts a query may see: one customer's, or all of them (staff and the system). Every method
 * that reads or writes a host by id takes it, so an unscoped lookup cannot be written by accident.
 */
export type HostScope = { kind: 'customer'; customerId: string } | { kind: 'all' };

/** Narrows any query on `hosts` to the scope; use it with `.$call(inScope(scope))`. */
function inScope(scope: HostScope) {
  return <Q extends WhereInterface<TenancyTables, 'hosts'>>(query: Q): Q =>
    scope.kind === 'all' ? query : (query.where('hosts.customer_id', '=', scope.customerId) as Q);
}

export async function insertHost(db: TenancyDb, row: HostRow): Promise<void> {
  await db.insertInto('hosts').values(row).execute();
}

export async function findHost(
  db: TenancyDb,
  scope: HostScope,
  hostId: string,
): Promise<HostRow | undefined> {
  return db.selectFrom('hosts').selectAll().where('id', '=', hostId).$call(inScope(scope)).executeTakeFirst();
}

/** The domain is itself the tenant key here: XMPP finds the host from the name a client asked for. */
export async function findHostByDomain(db: TenancyDb, domain: string): Promise<HostRow | undefined> {
  return db.selectFrom('hosts').selectAll().where('domain', '=', domain).executeTakeFirst();
}

export async function listHostsSuspendedForNonPayment(db: TenancyDb, hostIds: string[]): Promise<string[]> {
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
  db: TenancyDb,
  scope: HostScope,
  page: PageQuery & { domainContains?: string | undefined },
): Promise<HostRow[]> {
  let query = db
    .selectFrom('hosts')
    .selectAll()
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
  db: TenancyDb,
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
export async function deleteHost(db: TenancyDb, scope: HostScope, hostId: string): Promise<number> {
  const result = await db
    .deleteFrom('hosts')
    .where('id', '=', hostId)
    .$call(inScope(scope))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Operator-wide figures (metrics, the XMPP server's start-up), not tenant data. */
export async function countAllHostsByStatus(
  db: TenancyDb,
): Promise<Array<{ status: HostStatus; count: number }>> {
  const rows = await db
    .selectFrom('hosts')
    .select(['status', (eb) => eb.fn.countAll<number | string>().as('count')])
    .groupBy('status')
    .execute();
  return rows.map((row) => ({ status: row.status, count: Number(row.count) }));
}

export async function listAllDomains(db: TenancyDb): Promise<string[]> {
  const rows = await db.selectFrom('hosts').select('domain').orderBy('domain').execute();
  return rows.map((row) => row.domain);
}
