import { AppError } from '../lib/errors.js';
import { loadHost } from './host-access.js';
import type { Actor } from './host-status-policy.js';
import { loadMember } from './member-access.js';
import { deleteMember } from './members.repository.js';
import type { TenancyDeps } from './tenancy-deps.js';
import { toMemberView, type MemberWrite } from './views.js';

export async function removeMember(
  deps: TenancyDeps,
  actor: Actor,
  hostId: string,
  rawUsername: string,
): Promise<MemberWrite> {
  const host = await loadHost(deps, actor, hostId);
  const member = await loadMember(deps, host.id, rawUsername);
  if ((await deleteMember(deps.db, host.id, member.username)) === 0) throw new AppError('member_not_found');
  deps.events.emit('member.deleted', { hostId: host.id, domain: host.domain, username: member.username });
  return { member: toMemberView(member, host.domain), customerId: host.customer_id };
}
