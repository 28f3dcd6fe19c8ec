/**
 * A member chooses their own password from a link the customer hands them (copied from the
 * dashboard, not emailed: members may have no email address with us). The link is single-use and
 * expires; only its token's hash is stored, and a newer link replaces the older unused one.
 */
import { AppError } from '../lib/errors.js';
import { sha256Hex } from '../lib/hash.js';
import { newSecret } from '../lib/ids.js';
import { loadWritableHost } from './host-access.js';
import type { Actor } from './host-status-policy.js';
import { loadMember } from './member-access.js';
import { newMemberCredentials } from './member-credentials.js';
import {
  findLiveResetLinkTarget,
  replaceMemberResetLink,
  spendMemberResetLink,
  type ResetLinkTarget,
} from './member-reset-links.repository.js';
import { setMemberCredentials, toCredentialColumns } from './members.repository.js';
import { nowIso, type TenancyDeps } from './tenancy-deps.js';
import { toMemberView, type MemberWrite } from './views.js';

const HOUR_MS = 3_600_000;
export const DEFAULT_RESET_LINK_HOURS = 24;
export const MAX_RESET_LINK_HOURS = 168;

export interface MemberResetLink {
  /** The page the member opens; the token is in its query. */
  url: string;
  expiresAt: string;
}

export async function createMemberResetLink(
  deps: TenancyDeps,
  publicUrl: string,
  actor: Actor,
  hostId: string,
  rawUsername: string,
  validHours = DEFAULT_RESET_LINK_HOURS,
): Promise<MemberWrite & { link: MemberResetLink }> {
  const host = await loadWritableHost(deps, actor, hostId);
  const member = await loadMember(deps, host.id, rawUsername);
  if (member.status !== 'active' || host.status !== 'active') throw new AppError('member_disabled');
  const token = newSecret(32);
  const expiresAt = new Date(deps.clock.nowMs() + validHours * HOUR_MS).toISOString();
  await replaceMemberResetLink(deps.db, {
    token_hash: sha256Hex(token),
    host_id: host.id,
    member_id: member.id,
    created_at: nowIso(deps),
    expires_at: expiresAt,
    used_at: null,
  });
  return {
    member: toMemberView(member, host.domain),
    customerId: host.customer_id,
    link: { url: `${publicUrl}/member-password?token=${encodeURIComponent(token)}`, expiresAt },
  };
}

async function liveTarget(deps: TenancyDeps, token: string): Promise<ResetLinkTarget> {
  const target = await findLiveResetLinkTarget(deps.db, sha256Hex(token), nowIso(deps));
  if (!target) throw new AppError('member_reset_link_invalid');
  return target;
}

/** Which account a link is for, so the page can say whose password is being chosen. */
export async function describeMemberResetLink(deps: TenancyDeps, token: string): Promise<{ jid: string }> {
  const target = await liveTarget(deps, token);
  return { jid: `${target.username}@${target.domain}` };
}

/**
 * Spends the link and sets the password in one transaction: a second use, even at the same moment,
 * finds the link spent. Sessions are told through `member.password_changed`, as for a reset by
 * the customer.
 */
export async function redeemMemberResetLink(
  deps: TenancyDeps,
  token: string,
  password: string,
): Promise<{ jid: string; hostId: string; customerId: string; memberId: string }> {
  const columns = toCredentialColumns(newMemberCredentials(password));
  const target = await liveTarget(deps, token);
  const now = nowIso(deps);
  await deps.db.transaction().execute(async (tx) => {
    if (!(await spendMemberResetLink(tx, sha256Hex(token), now)))
      throw new AppError('member_reset_link_invalid');
    await setMemberCredentials(tx, target.hostId, target.username, columns, now);
  });
  deps.events.emit('member.password_changed', {
    hostId: target.hostId,
    domain: target.domain,
    username: target.username,
  });
  return {
    jid: `${target.username}@${target.domain}`,
    hostId: target.hostId,
    customerId: target.customerId,
    memberId: target.memberId,
  };
}
