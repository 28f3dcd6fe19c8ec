import { AppError } from '../lib/errors.js';
import { sha256Hex } from '../lib/hash.js';
import { addCustomerUser, findMembershipOfUser } from './customers.repository.js';
import { nowIso, type AccountsDeps } from './deps.js';
import {
  claimInvitation,
  findPendingInvitationByToken,
  type InvitationRow,
} from './invitations.repository.js';
import { mapEmailClash, prepareUserRow } from './new-user.js';
import { startSession, type ClientInfo, type NewSession } from './start-session.js';
import { findCustomerName, hasAnyMembership } from './team.repository.js';
import { findUserByEmail, insertUser, updateUser, type UserRow } from './users.repository.js';
import {
  toCustomerView,
  toUserView,
  type CustomerView,
  type InvitationPreview,
  type UserView,
} from './views.js';

export type { InvitationPreview };

async function pendingInvitation(deps: AccountsDeps, token: string): Promise<InvitationRow> {
  const invitation = await findPendingInvitationByToken(deps.db, sha256Hex(token), nowIso(deps));
  if (!invitation) throw new AppError('token_invalid');
  return invitation;
}

/** An existing account can join only if it acts for no customer yet and is not staff. */
async function assertJoinable(deps: AccountsDeps, user: UserRow): Promise<void> {
  if (user.kind === 'staff' || (await hasAnyMembership(deps.db, user.id)))
    throw new AppError('invitation_email_in_use');
}

/** What the invitation page shows before the invitee accepts. */
export async function describeInvitation(deps: AccountsDeps, token: string): Promise<InvitationPreview> {
  const invitation = await pendingInvitation(deps, token);
  const organization = await findCustomerName(deps.db, invitation.customer_id);
  if (organization === undefined) throw new AppError('token_invalid');
  const user = await findUserByEmail(deps.db, invitation.email);
  return { organization, email: invitation.email, role: invitation.role, accountExists: user !== undefined };
}

function accountDetailsRequired(input: { name?: string | undefined; password?: string | undefined }): never {
  const missing = [
    ...(input.name?.trim() ? [] : [{ field: 'name', message: 'Enter your name.' }]),
    ...(input.password ? [] : [{ field: 'password', message: 'Choose a password.' }]),
  ];
  throw new AppError('validation_failed', { details: missing });
}

/**
 * Joins the team the invitation is for and signs in. A new address becomes a user (the emailed link
 * proves the address, so it counts as verified); an address whose account belongs to no customer
 * is attached to the team as it is.
 */
export async function acceptInvitation(
  deps: AccountsDeps,
  input: { token: string; name?: string | undefined; password?: string | undefined },
  client: ClientInfo,
): Promise<{ user: UserView; customer: CustomerView; session: NewSession }> {
  const invitation = await pendingInvitation(deps, input.token);
  const existing = await findUserByEmail(deps.db, invitation.email);
  if (existing) await assertJoinable(deps, existing);
  else if (!input.name?.trim() || !input.password) accountDetailsRequired(input);
  const newUser = existing
    ? undefined
    : await prepareUserRow(deps, {
        email: invitation.email,
        password: input.password ?? '',
        name: input.name ?? '',
        kind: 'customer',
        staffRole: null,
        emailVerified: true,
      });
  const user = existing ?? newUser!;
  const now = nowIso(deps);
  await mapEmailClash(() =>
    deps.db.transaction().execute(async (tx) => {
      if (!(await claimInvitation(tx, invitation.customer_id, invitation.id, now)))
        throw new AppError('token_invalid');
      if (newUser) await insertUser(tx, newUser);
      else {
        // Checked again inside the write, in case another invitation was accepted meanwhile.
        if (await hasAnyMembership(tx, user.id)) throw new AppError('invitation_email_in_use');
        if (user.email_verified_at === null)
          await updateUser(tx, user.id, { email_verified_at: now, updated_at: now });
      }
      await addCustomerUser(tx, invitation.customer_id, {
        user_id: user.id,
        role: invitation.role,
        created_at: now,
      });
    }),
  );
  const session = await startSession(deps, user.id, client);
  const customer = toCustomerView(await findMembershipOfUser(deps.db, user.id));
  if (!customer) throw new AppError('internal_error');
  return {
    user: toUserView({ ...user, email_verified_at: user.email_verified_at ?? now }),
    customer,
    session,
  };
}
