import type { AccountsDeps } from './deps.js';
import { lockedTeamMember } from './change-team-role.js';
import { deleteSessionsOfUser } from './sessions.repository.js';
import { removeTeamMember as deleteMembership } from './team.repository.js';
import { toTeamMemberView, type TeamActor, type TeamMemberView } from './team.js';

/**
 * Takes the user off the team and ends their sessions. The account itself stays (it may be invited
 * elsewhere later); it simply acts for no customer any more.
 */
export async function removeTeamMember(
  deps: AccountsDeps,
  actor: TeamActor,
  userId: string,
): Promise<TeamMemberView> {
  return deps.db.transaction().execute(async (tx) => {
    const member = await lockedTeamMember(deps, tx, actor, userId, null);
    await deleteMembership(tx, actor.customerId, userId);
    await deleteSessionsOfUser(tx, userId, null);
    return toTeamMemberView(member);
  });
}
