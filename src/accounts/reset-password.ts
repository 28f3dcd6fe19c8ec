import { checkPassword } from '../lib/password-policy.js';
import { nowIso, type AccountsDeps } from './deps.js';
import { redeemEmailLink } from './email-links.js';
import { hashPassword } from './password-hashing.js';
import { deleteSessionsOfUser } from './sessions.repository.js';
import { findUserById, updateUser } from './users.repository.js';

/**
 * Sets a new password from an emailed link and ends every session. Following the link also proves
 * the address works, so it counts as verified.
 */
export async function resetPassword(
  deps: AccountsDeps,
  input: { token: string; password: string },
): Promise<string> {
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction().execute(async (tx) => {
    const userId = await redeemEmailLink(deps, tx, input.token, 'reset_password');
    const user = await findUserById(tx, userId);
    const now = nowIso(deps);
    await updateUser(tx, userId, {
      password_hash: passwordHash,
      email_verified_at: user?.email_verified_at ?? now,
      updated_at: now,
    });
    await deleteSessionsOfUser(tx, userId, null);
    return userId;
  });
}
