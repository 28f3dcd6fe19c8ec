import { chunks } from '../lib/chunks.js';
import type { CustomerUsersTable, CustomersTable } from '../platform/index.js';
import type { AccountsDb } from './deps.js';

export type CustomerRow = CustomersTable;
export type CustomerRole = CustomerUsersTable['role'];

export interface Membership {
  customerId: string;
  customerName: string;
  role: CustomerRole;
}

export async function insertCustomer(db: AccountsDb, row: CustomerRow): Promise<void> {
  await db.insertInto('customers').values(row).execute();
}

export async function addCustomerUser(
  db: AccountsDb,
  customerId: string,
  row: Omit<CustomerUsersTable, 'customer_id'>,
): Promise<void> {
  await db
    .insertInto('customer_users')
    .values({ ...row, customer_id: customerId })
    .execute();
}

/**
 * The customer a user acts for. A user belongs to one customer today; should that change, the
 * oldest membership stays the default so a session's tenant never flips between requests.
 */
export async function findMembershipOfUser(db: AccountsDb, userId: string): Promise<Membership | undefined> {
  const row = await db
    .selectFrom('customer_users')
    .innerJoin('customers', 'customers.id', 'customer_users.customer_id')
    .select(['customers.id as customerId', 'customers.name as customerName', 'customer_users.role as role'])
    .where('customer_users.user_id', '=', userId)
    .orderBy('customer_users.created_at')
    .limit(1)
    .executeTakeFirst();
  return row;
}

export interface CustomerSummaryRow extends CustomerRow {
  owner_email: string | null;
}

/**
 * Staff's view across every customer, so it takes no tenant: only staff services call it. Newest
 * first by id; one extra row tells the caller whether another page exists.
 */
export async function listAllCustomers(
  db: AccountsDb,
  query: { limit: number; before?: string | undefined },
): Promise<CustomerSummaryRow[]> {
  let select = db
    .selectFrom('customers')
    .selectAll('customers')
    .select((eb) =>
      eb
        .selectFrom('customer_users')
        .innerJoin('users', 'users.id', 'customer_users.user_id')
        .select('users.email')
        .whereRef('customer_users.customer_id', '=', 'customers.id')
        .where('customer_users.role', '=', 'owner')
        .orderBy('customer_users.created_at')
        .limit(1)
        .as('owner_email'),
    );
  if (query.before) select = select.where('customers.id', '<', query.before);
  return select
    .orderBy('customers.id', 'desc')
    .limit(query.limit + 1)
    .execute();
}

/** Names of these customers, for lists of other areas' objects that store only the customer id. */
export async function findNamesOfCustomers(
  db: AccountsDb,
  customerIds: readonly string[],
): Promise<{ id: string; name: string }[]> {
  const rows: { id: string; name: string }[] = [];
  for (const part of chunks(customerIds))
    rows.push(...(await db.selectFrom('customers').select(['id', 'name']).where('id', 'in', part).execute()));
  return rows;
}
