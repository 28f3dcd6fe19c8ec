import type { CustomerRole } from './customers.repository.js';
import type { AccountsDb } from './deps.js';

export interface TeamMemberRow {
  /** The user's id. */
  id: string;
  email: string;
  name: string;
  role: CustomerRole;
  joined_at: string;
  last_login_at: string | null;
  totp_enabled_at: string | null;
}

function selectTeam(db: AccountsDb, customerId: string) {
  return db
    .selectFrom('customer_users')
    .innerJoin('users', 'users.id', 'customer_users.user_id')
    .select([
      'customer_users.user_id as id',
      'users.email as email',
      'users.name as name',
      'customer_users.role as role',
      'customer_users.created_at as joined_at',
      'users.last_login_at as last_login_at',
      'users.totp_enabled_at as totp_enabled_at',
    ])
    .where('customer_users.customer_id', '=', customerId);
}

/** Newest user first (user ids sort by creation); one extra row tells whether another page exists. */
export async function listTeamMembers(
  db: AccountsDb,
  customerId: string,
  query: { limit: number; before?: string | undefined },
): Promise<TeamMemberRow[]> {
  let select = selectTeam(db, customerId);
  if (query.before) select = select.where('customer_users.user_id', '<', query.before);
  return select
    .orderBy('customer_users.user_id', 'desc')
    .limit(query.limit + 1)
    .execute();
}

export async function findTeamMember(
  db: AccountsDb,
  customerId: string,
  userId: string,
): Promise<TeamMemberRow | undefined> {
  return selectTeam(db, customerId).where('customer_users.user_id', '=', userId).executeTakeFirst();
}

/** The team member with this address, if any: inviting them again makes no sense. */
export async function findTeamMemberByEmail(
  db: AccountsDb,
  customerId: string,
  email: string,
): Promise<TeamMemberRow | undefined> {
  return selectTeam(db, customerId).where('users.email', '=', email).executeTakeFirst();
}

export async function countOwners(db: AccountsDb, customerId: string): Promise<number> {
  const row = await db
    .selectFrom('customer_users')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('customer_id', '=', customerId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function setTeamRole(
  db: AccountsDb,
  customerId: string,
  userId: string,
  role: CustomerRole,
): Promise<void> {
  await db
    .updateTable('customer_users')
    .set({ role })
    .where('customer_id', '=', customerId)
    .where('user_id', '=', userId)
    .execute();
}

export async function removeTeamMember(db: AccountsDb, customerId: string, userId: string): Promise<void> {
  await db
    .deleteFrom('customer_users')
    .where('customer_id', '=', customerId)
    .where('user_id', '=', userId)
    .execute();
}

/**
 * Writes the customer row so that, inside a transaction, changes to one team's owners run one
 * after another (a row lock on PostgreSQL, the write lock on SQLite): two owners demoting each
 * other at the same moment cannot both see "another owner is left".
 */
export async function lockTeam(db: AccountsDb, customerId: string, nowIso: string): Promise<void> {
  await db.updateTable('customers').set({ updated_at: nowIso }).where('id', '=', customerId).execute();
}

/** Whether the user already acts for a customer (a user belongs to at most one today). */
export async function hasAnyMembership(db: AccountsDb, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('customer_users')
    .select('user_id')
    .where('user_id', '=', userId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findCustomerName(db: AccountsDb, customerId: string): Promise<string | undefined> {
  const row = await db.selectFrom('customers').select('name').where('id', '=', customerId).executeTakeFirst();
  return row?.name;
}

/** The addresses of these customers' users in these roles, oldest user first within a customer. */
export async function listTeamEmailsByRole(
  db: AccountsDb,
  customerIds: readonly string[],
  roles: readonly CustomerRole[],
): Promise<{ customer_id: string; email: string }[]> {
  if (customerIds.length === 0) return [];
  return db
    .selectFrom('customer_users')
    .innerJoin('users', 'users.id', 'customer_users.user_id')
    .select(['customer_users.customer_id as customer_id', 'users.email as email'])
    .where('customer_users.customer_id', 'in', customerIds)
    .where('customer_users.role', 'in', roles)
    .orderBy('customer_users.customer_id')
    .orderBy('customer_users.user_id')
    .execute();
}
