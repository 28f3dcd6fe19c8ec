import { AppError } from '../lib/errors.js';
import { claimTotpCode } from './claim-totp-code.js';
import { nowIso, type AccountsDeps } from './deps.js';
import { findUserById, updateUser } from './users.repository.js';

export async function enableTwoFactor(deps: AccountsDeps, userId: string, code: string): Promise<void> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw new AppError('unauthenticated');
  if (user.totp_enabled_at !== null) throw new AppError('totp_already_enabled');
  // Without a pending secret from setUpTwoFactor there is nothing to confirm.
  await claimTotpCode(deps, user, code);
  const now = nowIso(deps);
  await updateUser(deps.db, userId, { totp_enabled_at: now, updated_at: now });
}
