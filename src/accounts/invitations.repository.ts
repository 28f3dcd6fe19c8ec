import type { InvitationsTable } from '../platform/index.js';
import type { AccountsDb } from './deps.js';

export type InvitationRow = InvitationsTable;

export interface PendingInvitationRow extends InvitationRow {
  invited_by_email: string | null;
}

export async function insertInvitation(db: AccountsDb, row: InvitationRow): Promise<void> {
  await db.insertInto('invitations').values(row).execute();
}

function selectPending(db: AccountsDb, customerId: string, nowIso: string) {
  return db
    .selectFrom('invitations')
    .leftJoin('users', 'users.id', 'invitations.invited_by')
    .selectAll('invitations')
    .select('users.email as invited_by_email')
    .where('invitations.customer_id', '=', customerId)
    .where('invitations.accepted_at', 'is', null)
    .where('invitations.revoked_at', 'is', null)
    .where('invitations.expires_at', '>', nowIso);
}

/** Pending invitations, newest first; one extra row tells whether another page exists. */
export async function listPendingInvitations(
  db: AccountsDb,
  customerId: string,
  nowIso: string,
  query: { limit: number; before?: string | undefined },
): Promise<PendingInvitationRow[]> {
  let select = selectPending(db, customerId, nowIso);
  if (query.before) select = select.where('invitations.id', '<', query.before);
  return select
    .orderBy('invitations.id', 'desc')
    .limit(query.limit + 1)
    .execute();
}

/** Revokes pending invitations of the team: one by id, or every one sent to an address. */
export async function revokeInvitations(
  db: AccountsDb,
  customerId: string,
  match: { id: string } | { email: string },
  nowIso: string,
): Promise<number> {
  let update = db
    .updateTable('invitations')
    .set({ revoked_at: nowIso })
    .where('customer_id', '=', customerId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', nowIso);
  update = 'id' in match ? update.where('id', '=', match.id) : update.where('email', '=', match.email);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * The pending invitation an emailed token stands for. It takes no tenant because the token is what
 * names the tenant: whoever holds it was sent it.
 */
export async function findPendingInvitationByToken(
  db: AccountsDb,
  tokenHash: string,
  nowIso: string,
): Promise<InvitationRow | undefined> {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .executeTakeFirst();
}

/** Marks the invitation accepted in one statement, so a link clicked twice at once is used only once. */
export async function claimInvitation(
  db: AccountsDb,
  customerId: string,
  invitationId: string,
  nowIso: string,
): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ accepted_at: nowIso })
    .where('id', '=', invitationId)
    .where('customer_id', '=', customerId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
