import { AppError } from '../lib/errors.js';
import { normalizeDisplayName } from './display-name.js';
import { loadWritableHost } from './host-access.js';
import type { Actor } from './host-status-policy.js';
import { loadMember } from './member-access.js';
import { updateMember as updateMemberRow, type MemberPatch } from './members.repository.js';
import { nowIso, type TenancyDeps } from './tenancy-deps.js';
import { toMemberView, type MemberWrite } from './views.js';

export interface MemberChanges {
  displayName?: string | null | undefined;
  status?: 'active' | 'disabled' | undefined;
}

/** Disabling a member is announced so the XMPP server can end the member's sessions at once. */
export async function updateMember(
  deps: TenancyDeps,
  actor: Actor,
  hostId: string,
  rawUsername: string,
  changes: MemberChanges,
): Promise<MemberWrite> {
  const host = await loadWritableHost(deps, actor, hostId);
  const member = await loadMember(deps, host.id, rawUsername);
  const patch: MemberPatch = {};
  if (changes.displayName !== undefined) patch.display_name = normalizeDisplayName(changes.displayName);
  if (changes.status !== undefined) patch.status = changes.status;
  const updated = await updateMemberRow(deps.db, host.id, member.username, patch, nowIso(deps));
  if (!updated) throw new AppError('member_not_found');
  if (member.status === 'active' && updated.status === 'disabled') {
    deps.events.emit('member.disabled', { hostId: host.id, domain: host.domain, username: member.username });
  }
  return { member: toMemberView(updated, host.domain), customerId: host.customer_id };
}
