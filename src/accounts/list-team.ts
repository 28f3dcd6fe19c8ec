import { toPage, type Page, type PageQuery } from '../platform/index.js';
import { nowIso, type AccountsDeps } from './deps.js';
import { listPendingInvitations } from './invitations.repository.js';
import { listTeamMembers } from './team.repository.js';
import { toInvitationView, toTeamMemberView, type InvitationView, type TeamMemberView } from './team.js';

/** Every role may see who is on the team. */
export async function listTeam(
  deps: AccountsDeps,
  customerId: string,
  query: PageQuery,
): Promise<Page<TeamMemberView>> {
  return toPage(await listTeamMembers(deps.db, customerId, query), query.limit, toTeamMemberView);
}

export async function listInvitations(
  deps: AccountsDeps,
  customerId: string,
  query: PageQuery,
): Promise<Page<InvitationView>> {
  const rows = await listPendingInvitations(deps.db, customerId, nowIso(deps), query);
  return toPage(rows, query.limit, toInvitationView);
}
