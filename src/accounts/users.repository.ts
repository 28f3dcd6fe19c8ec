import type { UsersTable } from '../platform/index.js';
import type { AccountsDb } from './deps.js';

export type UserRow = UsersTable;

export type UserChanges = Partial<
  Pick<
    UsersTable,
    | 'name'
    | 'password_hash'
    | 'email_verified_at'
    | 'totp_secret'
    | 'totp_enabled_at'
    | 'totp_last_step'
    | 'last_login_at'
  >
>;

export async function insertUser(db: AccountsDb, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function findUserById(db: AccountsDb, userId: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
}

export async function findUserByEmail(db: AccountsDb, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function updateUser(
  db: AccountsDb,
  userId: string,
  changes: UserChanges & { updated_at: string },
): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', userId).execute();
}

/**
 * Accepts a TOTP step only if it is newer than the last one used, in one statement, so two requests
 * racing with the same code cannot both pass.
 */
export async function claimTotpStep(
  db: AccountsDb,
  userId: string,
  step: number,
  updatedAt: string,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step, updated_at: updatedAt })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function hasAnyStaff(db: AccountsDb): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('kind', '=', 'staff')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Newest first by id (ids sort by creation); fetches one extra row so the caller knows if more exist. */
export async function listStaffUsers(
  db: AccountsDb,
  query: { limit: number; before?: string | undefined },
): Promise<UserRow[]> {
  let select = db.selectFrom('users').selectAll().where('kind', '=', 'staff');
  if (query.before) select = select.where('id', '<', query.before);
  return select
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
}

export async function findEmailsOfUsers(
  db: AccountsDb,
  userIds: string[],
): Promise<{ id: string; email: string }[]> {
  return db.selectFrom('users').select(['id', 'email']).where('id', 'in', userIds).execute();
}
