import { compiledOnce, type MembersTable, type PageQuery, type TenancyTables } from '../platform/index.js';
import type { MemberCredentials } from './member-credentials.js';
import type { TenancyDb } from './tenancy-deps.js';

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
export async function insertMember(db: TenancyDb, row: MemberRow): Promise<void> {
  await db.insertInto('members').values(row).execute();
}

// Read at every XMPP login (SASL): compiled once.
const memberByName = compiledOnce<{ hostId: string; username: string }, MemberRow, TenancyTables>(
  (db, slot) =>
    db
      .selectFrom('members')
      .selectAll()
      .where('host_id', '=', slot('hostId'))
      .where('username', '=', slot('username')),
);

export async function findMember(
  db: TenancyDb,
  hostId: string,
  username: string,
): Promise<MemberRow | undefined> {
  return (await memberByName(db, { hostId, username }))[0];
}

export async function listMembers(db: TenancyDb, hostId: string, page: PageQuery): Promise<MemberRow[]> {
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
  db: TenancyDb,
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
  db: TenancyDb,
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
  db: TenancyDb,
  hostId: string,
  username: string,
  kind: 'login' | 'activity',
  now: string,
): Promise<void> {
  await (kind === 'login' ? touchLogin : touchActivity)(db, { hostId, username, now });
}

// Written at every XMPP login and on activity: compiled once for each set of columns.
type TouchArgs = { hostId: string; username: string; now: string };
type TouchColumns = ReadonlyArray<'last_login_at' | 'last_activity_at'>;
const touchFor = (columns: TouchColumns) =>
  compiledOnce<TouchArgs, unknown, TenancyTables>((db, slot) =>
    db
      .updateTable('members')
      .set(Object.fromEntries(columns.map((column) => [column, slot('now')])))
      .where('host_id', '=', slot('hostId'))
      .where('username', '=', slot('username')),
  );
const touchLogin = touchFor(['last_login_at', 'last_activity_at']);
const touchActivity = touchFor(['last_activity_at']);

/** Members whose last sign-in falls in [from, to): the host's active members over that span. */
export async function countMembersLoggedIn(
  db: TenancyDb,
  hostId: string,
  span: { from: string; to: string },
): Promise<number> {
  const row = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('host_id', '=', hostId)
    .where('last_login_at', '>=', span.from)
    .where('last_login_at', '<', span.to)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * Members with no sign-in since `before` (an ISO time): last signed in earlier, or never and added
 * earlier. The security audit reports them, by name, at most `limit`.
 */
export async function listMembersIdleSince(
  db: TenancyDb,
  hostId: string,
  before: string,
  limit: number,
): Promise<Pick<MemberRow, 'username' | 'last_login_at'>[]> {
  return db
    .selectFrom('members')
    .select(['username', 'last_login_at'])
    .where('host_id', '=', hostId)
    .where((eb) =>
      eb.or([
        eb('last_login_at', '<', before),
        eb.and([eb('last_login_at', 'is', null), eb('created_at', '<', before)]),
      ]),
    )
    .orderBy('username')
    .limit(limit)
    .execute();
}

export async function deleteMember(db: TenancyDb, hostId: string, username: string): Promise<number> {
  const result = await db
    .deleteFrom('members')
    .where('host_id', '=', hostId)
    .where('username', '=', username)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Keys are stored as base64 text so both databases hold them the same way. */
export function toCredentialColumns(credentials: MemberCredentials): CredentialColumns {
  return {
    scram_salt: credentials.salt.toString('base64'),
    scram_iterations: credentials.iterations,
    scram_sha1_stored_key: credentials.sha1.storedKey.toString('base64'),
    scram_sha1_server_key: credentials.sha1.serverKey.toString('base64'),
    scram_sha256_stored_key: credentials.sha256.storedKey.toString('base64'),
    scram_sha256_server_key: credentials.sha256.serverKey.toString('base64'),
  };
}

export function fromCredentialColumns(row: CredentialColumns): MemberCredentials {
  const bytes = (value: string) => Buffer.from(value, 'base64');
  return {
    salt: bytes(row.scram_salt),
    iterations: row.scram_iterations,
    sha1: { storedKey: bytes(row.scram_sha1_stored_key), serverKey: bytes(row.scram_sha1_server_key) },
    sha256: { storedKey: bytes(row.scram_sha256_stored_key), serverKey: bytes(row.scram_sha256_server_key) },
  };
}
