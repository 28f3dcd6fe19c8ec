import { AppError } from '../lib/errors.js';
import { nowIso, type AccountsDeps } from './deps.js';
import { revokeInvitations } from './invitations.repository.js';
import { assertCanManageTeam, type TeamActor } from './team.js';

/** The emailed link stops working at once; another team's invitation id is simply not found. */
export async function revokeInvitation(
  deps: AccountsDeps,
  actor: TeamActor,
  invitationId: string,
): Promise<void> {
  assertCanManageTeam(actor);
  const revoked = await revokeInvitations(deps.db, actor.customerId, { id: invitationId }, nowIso(deps));
  if (revoked === 0) throw new AppError('invitation_not_found');
}
