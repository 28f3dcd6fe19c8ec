import { AppError } from '../lib/errors.js';
import { sha256Hex } from '../lib/hash.js';
import { newId, newSecret } from '../lib/ids.js';
import { isoAfter, nowIso, type AccountsDeps } from './deps.js';
import { normalizeEmail } from './email-address.js';
import { insertInvitation, revokeInvitations } from './invitations.repository.js';
import { accountsMailTemplates } from './mail-templates.js';
import { findCustomerName, findTeamMemberByEmail } from './team.repository.js';
import { assertCanManageTeam, type InvitableRole, type InvitationView, type TeamActor } from './team.js';
import { findUserById } from './users.repository.js';

export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;

const ROLE_NAMES: Record<InvitableRole, string> = { admin: 'an administrator', billing: 'a billing contact' };

/**
 * Emails a one-time link that adds the address to the team with the given role. Inviting the same
 * address again replaces the earlier invitation, so only the newest link works.
 */
export async function inviteTeamMember(
  deps: AccountsDeps,
  actor: TeamActor,
  input: { email: string; role: InvitableRole },
): Promise<InvitationView> {
  assertCanManageTeam(actor);
  const email = normalizeEmail(input.email);
  if (await findTeamMemberByEmail(deps.db, actor.customerId, email)) throw new AppError('team_member_exists');
  const inviter = await findUserById(deps.db, actor.userId);
  const organization = await findCustomerName(deps.db, actor.customerId);
  if (!inviter || organization === undefined) throw new AppError('unauthenticated');
  const token = newSecret(32);
  const now = nowIso(deps);
  const row = {
    id: newId('ivt', deps.clock.nowMs()),
    customer_id: actor.customerId,
    email,
    role: input.role,
    token_hash: sha256Hex(token),
    invited_by: inviter.id,
    created_at: now,
    expires_at: isoAfter(deps, INVITATION_TTL_MS),
    accepted_at: null,
    revoked_at: null,
  };
  await deps.db.transaction().execute(async (tx) => {
    await revokeInvitations(tx, actor.customerId, { email }, now);
    await insertInvitation(tx, row);
    const mail = accountsMailTemplates.team_invitation.render(
      {
        inviterName: inviter.name,
        inviterEmail: inviter.email,
        organization,
        roleName: ROLE_NAMES[input.role],
        token,
      },
      deps.config.publicUrl,
    );
    await deps.mailer.send({ to: email, ...mail }, { tx });
  });
  return {
    id: row.id,
    email,
    role: input.role,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    invitedByEmail: inviter.email,
  };
}
