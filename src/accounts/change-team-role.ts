import { AppError } from '../lib/errors.js';
import type { CustomerRole } from './customers.repository.js';
import { nowIso, type AccountsDeps, type AccountsTx } from './deps.js';
import { countOwners, findTeamMember, lockTeam, setTeamRole, type TeamMemberRow } from './team.repository.js';
import { assertCanManageTeam, toTeamMemberView, type TeamActor, type TeamMemberView } from './team.js';

/**
 * Loads the member under the team lock and applies the rules every change of a member obeys: only
 * an owner may touch an owner or make one, and the last owner stays.
 */
export async function lockedTeamMember(
  deps: AccountsDeps,
  tx: AccountsTx,
  actor: TeamActor,
  userId: string,
  newRole: CustomerRole | null,
): Promise<TeamMemberRow> {
  assertCanManageTeam(actor);
  await lockTeam(tx, actor.customerId, nowIso(deps));
  const member = await findTeamMember(tx, actor.customerId, userId);
  if (!member) throw new AppError('team_member_not_found');
  const touchesOwner = member.role === 'owner' || newRole === 'owner';
  if (touchesOwner && actor.role !== 'owner') throw new AppError('forbidden');
  if (member.role === 'owner' && newRole !== 'owner' && (await countOwners(tx, actor.customerId)) <= 1)
    throw new AppError('last_owner');
  return member;
}

export async function changeTeamRole(
  deps: AccountsDeps,
  actor: TeamActor,
  userId: string,
  role: CustomerRole,
): Promise<TeamMemberView> {
  return deps.db.transaction().execute(async (tx) => {
    const member = await lockedTeamMember(deps, tx, actor, userId, role);
    await setTeamRole(tx, actor.customerId, userId, role);
    return toTeamMemberView({ ...member, role });
  });
}
