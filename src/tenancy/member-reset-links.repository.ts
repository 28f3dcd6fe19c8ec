import type { MemberResetLinksTable } from '../platform/index.js';
import type { TenancyDb } from './tenancy-deps.js';

export type MemberResetLinkRow = MemberResetLinksTable;

/** The member a link is for, with its host's domain and owner. */
export interface ResetLinkTarget {
  hostId: string;
  domain: string;
  customerId: string;
  username: string;
  memberId: string;
}

/** A new link replaces the member's unused ones: only the newest link the customer handed out works. */
export async function replaceMemberResetLink(db: TenancyDb, row: MemberResetLinkRow): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .deleteFrom('member_reset_links')
      .where('member_id', '=', row.member_id)
      .where('used_at', 'is', null)
      .execute();
    await tx.insertInto('member_reset_links').values(row).execute();
  });
}

/** The member a live (unused, unexpired) link is for; the link is not spent. */
export async function findLiveResetLinkTarget(
  db: TenancyDb,
  tokenHash: string,
  nowIso: string,
): Promise<ResetLinkTarget | undefined> {
  return db
    .selectFrom('member_reset_links')
    .innerJoin('members', 'members.id', 'member_reset_links.member_id')
    .innerJoin('hosts', 'hosts.id', 'member_reset_links.host_id')
    .select([
      'hosts.id as hostId',
      'hosts.domain as domain',
      'hosts.customer_id as customerId',
      'members.username as username',
      'members.id as memberId',
    ])
    .where('member_reset_links.token_hash', '=', tokenHash)
    .where('member_reset_links.used_at', 'is', null)
    .where('member_reset_links.expires_at', '>', nowIso)
    .where('members.status', '=', 'active')
    .where('hosts.status', '=', 'active')
    .executeTakeFirst();
}

/** Marks a live link used, in one statement, so it works exactly once even when sent twice at once. */
export async function spendMemberResetLink(
  db: TenancyDb,
  tokenHash: string,
  nowIso: string,
): Promise<boolean> {
  const result = await db
    .updateTable('member_reset_links')
    .set({ used_at: nowIso })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
