import { AppError } from '../lib/errors.js';
import { claimTotpCode } from './claim-totp-code.js';
import { nowIso, type AccountsDeps } from './deps.js';
import { findUserById, updateUser } from './users.repository.js';

/** Turning the second factor off needs a current code, so a hijacked session alone cannot do it. */
export async function disableTwoFactor(deps: AccountsDeps, userId: string, code: string): Promise<void> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw new AppError('unauthenticated');
  if (user.totp_enabled_at === null) throw new AppError('totp_not_enabled');
  await claimTotpCode(deps, user, code);
  await updateUser(deps.db, userId, {
    totp_secret: null,
    totp_enabled_at: null,
    totp_last_step: null,
    updated_at: nowIso(deps),
  });
}
