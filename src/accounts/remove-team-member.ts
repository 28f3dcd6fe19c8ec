import type { AccountsDeps } from './deps.js';
import { lockedTeamMember } from './change-team-role.js';
import { deleteSessionsOfUser } from './sessions.repository.js';
import { removeTeamMember as deleteMembership } from './team.repository.js';
import type { TeamActor } from './team.js';

/**
 * Takes the user off the team and ends their sessions. The account itself stays (it may be invited
 * elsewhere later); it simply acts for no customer any more.
 */
export async function removeTeamMember(deps: AccountsDeps, actor: TeamActor, userId: string): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    await lockedTeamMember(deps, tx, actor, userId, null);
    await deleteMembership(tx, actor.customerId, userId);
    await deleteSessionsOfUser(tx, userId, null);
  });
}
