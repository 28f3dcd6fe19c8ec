import { AppError } from '../lib/errors.js';
import { loadWritableHost } from './host-access.js';
import type { Actor } from './host-status-policy.js';
import { loadMember } from './member-access.js';
import { newMemberCredentials } from './member-credentials.js';
import { setMemberCredentials, toCredentialColumns } from './members.repository.js';
import { nowIso, type TenancyDeps } from './tenancy-deps.js';
import { toMemberView, type MemberWrite } from './views.js';

/**
 * Replaces the stored keys (with a fresh salt). Sessions that logged in with the old password are
 * told through `member.password_changed`; what to do with them is the XMPP server's call.
 */
export async function setMemberPassword(
  deps: TenancyDeps,
  actor: Actor,
  hostId: string,
  rawUsername: string,
  password: string,
): Promise<MemberWrite> {
  const host = await loadWritableHost(deps, actor, hostId);
  const member = await loadMember(deps, host.id, rawUsername);
  const columns = toCredentialColumns(newMemberCredentials(password));
  if ((await setMemberCredentials(deps.db, host.id, member.username, columns, nowIso(deps))) === 0) {
    throw new AppError('member_not_found');
  }
  deps.events.emit('member.password_changed', {
    hostId: host.id,
    domain: host.domain,
    username: member.username,
  });
  return { member: toMemberView(member, host.domain), customerId: host.customer_id };
}
