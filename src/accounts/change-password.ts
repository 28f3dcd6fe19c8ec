import { AppError } from '../lib/errors.js';
import { checkPassword } from '../lib/password-policy.js';
import { nowIso, type AccountsDeps } from './deps.js';
import { hashPassword, verifyPassword } from './password-hashing.js';
import { deleteSessionsOfUser } from './sessions.repository.js';
import { findUserById, updateUser } from './users.repository.js';

/**
 * Changes the password and signs out every other session (a stolen session should not survive the
 * owner changing the password). The caller's own session, if any, stays.
 */
export async function changePassword(
  deps: AccountsDeps,
  userId: string,
  keepSessionId: string | null,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw new AppError('unauthenticated');
  if (!(await verifyPassword(user.password_hash, input.currentPassword)))
    throw new AppError('wrong_password');
  checkPassword(input.newPassword);
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction().execute(async (tx) => {
    await updateUser(tx, userId, { password_hash: passwordHash, updated_at: nowIso(deps) });
    await deleteSessionsOfUser(tx, userId, keepSessionId);
  });
}
