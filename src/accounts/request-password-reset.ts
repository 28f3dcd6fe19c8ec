import type { AccountsDeps } from './deps.js';
import { sendEmailLinkUnlessRecent } from './email-links.js';
import { findUserByEmail } from './users.repository.js';

/**
 * Emails a reset link if the address has an account. The caller answers the same either way, so
 * the form cannot be used to find out who has an account.
 */
export async function requestPasswordReset(deps: AccountsDeps, rawEmail: string): Promise<void> {
  const user = await findUserByEmail(deps.db, rawEmail.trim().toLowerCase());
  if (user) await sendEmailLinkUnlessRecent(deps, user, 'reset_password');
}
