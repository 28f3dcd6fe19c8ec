import { nowIso, type AccountsDeps } from './deps.js';
import { redeemEmailLink } from './email-links.js';
import { findUserById, updateUser } from './users.repository.js';
import { toUserView, type UserView } from './views.js';

export async function verifyEmail(deps: AccountsDeps, token: string): Promise<UserView> {
  const userId = await redeemEmailLink(deps, deps.db, token, 'verify_email');
  const now = nowIso(deps);
  await updateUser(deps.db, userId, { email_verified_at: now, updated_at: now });
  const user = await findUserById(deps.db, userId);
  // The token's row cascades with its user, so a redeemed token always has one.
  return toUserView(user!);
}
