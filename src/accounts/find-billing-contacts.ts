import { scopedDb, type AccountsTables, type AnyDb } from '../platform/index.js';
import { listTeamEmailsByRole } from './team.repository.js';

/**
 * The addresses of each customer's owners and billing contacts, who receive its billing mail. It
 * reads through the handle it is given, so billing can ask inside the transaction that stores the
 * mail (SQLite has one connection: a read outside it would wait for it forever). The transaction is
 * billing's; the read sees accounts' tables only.
 */
export async function findBillingContacts(
  handle: AnyDb,
  customerIds: readonly string[],
): Promise<Map<string, string[]>> {
  const contacts = new Map<string, string[]>(customerIds.map((id) => [id, []]));
  const db = scopedDb<AccountsTables>(handle);
  for (const row of await listTeamEmailsByRole(db, [...new Set(customerIds)], ['owner', 'billing']))
    contacts.get(row.customer_id)!.push(row.email);
  return contacts;
}
