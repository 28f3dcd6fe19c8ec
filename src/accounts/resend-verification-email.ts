import { AppError } from '../lib/errors.js';
import type { AccountsDeps } from './deps.js';
import { sendEmailLinkUnlessRecent } from './email-links.js';
import { findUserById } from './users.repository.js';

/** A new verification link, for when the first one expired or got lost. Verified users get none. */
export async function resendVerificationEmail(deps: AccountsDeps, userId: string): Promise<void> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw new AppError('unauthenticated');
  if (user.email_verified_at === null) await sendEmailLinkUnlessRecent(deps, user, 'verify_email');
}
