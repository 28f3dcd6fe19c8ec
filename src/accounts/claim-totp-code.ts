import { AppError } from '../lib/errors.js';
import { nowIso, type AccountsDeps } from './deps.js';
import { matchTotpStep } from './totp.js';
import { claimTotpStep, type UserRow } from './users.repository.js';

/** Checks a code against the user's secret and spends its time step; throws totp_invalid otherwise. */
export async function claimTotpCode(deps: AccountsDeps, user: UserRow, code: string): Promise<void> {
  if (!user.totp_secret) throw new AppError('totp_not_enabled');
  const step = matchTotpStep({
    secretBase32: user.totp_secret,
    code,
    nowMs: deps.clock.nowMs(),
    lastUsedStep: user.totp_last_step,
  });
  if (step === null || !(await claimTotpStep(deps.db, user.id, step, nowIso(deps))))
    throw new AppError('totp_invalid');
}
