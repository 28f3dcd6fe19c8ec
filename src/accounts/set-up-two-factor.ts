import QRCode from 'qrcode';
import { AppError } from '../lib/errors.js';
import { nowIso, type AccountsDeps } from './deps.js';
import { newTotpSecret, totpUri } from './totp.js';
import { findUserById, updateUser } from './users.repository.js';
import type { TwoFactorSetup } from './views.js';

/**
 * Starts enrolment: a fresh secret is stored but not yet in force; it takes effect only once a code
 * from the app proves the user scanned it (enableTwoFactor). Calling this again replaces the secret.
 */
export async function setUpTwoFactor(deps: AccountsDeps, userId: string): Promise<TwoFactorSetup> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw new AppError('unauthenticated');
  if (user.totp_enabled_at !== null) throw new AppError('totp_already_enabled');
  const secret = newTotpSecret();
  await updateUser(deps.db, userId, { totp_secret: secret, totp_last_step: null, updated_at: nowIso(deps) });
  const otpauthUrl = totpUri(secret, user.email);
  const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, otpauthUrl, qrSvg };
}
