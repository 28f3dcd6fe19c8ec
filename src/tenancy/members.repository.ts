import type { DbOrTx, MembersTable, PageQuery } from '../platform/index.js';

export type MemberRow = MembersTable;
export type CredentialColumns = Pick<
  MemberRow,
  | 'scram_salt'
  | 'scram_iterations'
  | 'scram_sha1_stored_key'
  | 'scram_sha1_server_key'
  | 'scram_sha256_stored_key'
  | 'scram_sha256_server_key'
>;
export type MemberPatch = Partial<Pick<MemberRow, 'display_name' | 'status'>>;

/** Every method takes the host id: members exist only inside one host. */
export async function insertMember(db: DbOrTx, row: MemberRow): Promise<void> {
  await db.insertInto('members').values(row).execute();
}

export async function findMember(db: DbOrTx, hostId: string, username: string): Promise<MemberRow | undefined> {
  return db
    .selectFrom('members')
    .selectAll()
    .where('host_id', '=', hostId)
    .where('username', '=', username)
    .executeTakeFirst();
}

export async function listMembers(db: DbOrTx, hostId: string, page: PageQuery): Promise<MemberRow[]> {
  return db
    .selectFrom('members')
    .selectAll()
    .where('host_id', '=', hostId)
    .$if(page.before !== undefined, (q) => q.where('id', '<', page.before ?? ''))
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
}

export async function updateMember(
  db: DbOrTx,
  hostId: string,
  username: string,
  patch: MemberPatch,
  now: string,
): Promise<MemberRow | undefined> {
  return db
    .updateTable('members')
    .set({ ...patch, updated_at: now })
    .where('host_id', '=', hostId)
    .where('username', '=', username)
    .returningAll()
    .executeTakeFirst();
}

export async function setMemberCredentials(
  db: DbOrTx,
  hostId: string,
  username: string,
  credentials: CredentialColumns,
  now: string,
): Promise<number> {
  const result = await db
    .updateTable('members')
    .set({ ...credentials, updated_at: now })
    .where('host_id', '=', hostId)
    .where('username', '=', username)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function touchMember(
  db: DbOrTx,
  hostId: string,
  username: string,
  column: 'last_login_at' | 'last_activity_at',
  now: string,
): Promise<void> {
  await db
    .updateTable('members')
    .set({ [column]: now })
    .where('host_id', '=', hostId)
    .where('username', '=', username)
    .execute();
}

export async function deleteMember(db: DbOrTx, hostId: string, username: string): Promise<number> {
  const result = await db
    .deleteFrom('members')
    .where('host_id', '=', hostId)
    .where('username', '=', username)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
