import type { AccountsDeps } from './deps.js';
import { sendEmailLink } from './email-links.js';
import { newestEmailTokenAt } from './email-tokens.repository.js';
import { findUserByEmail } from './users.repository.js';

/** One reset email per address per minute, so the form cannot be used to flood someone's inbox. */
const RESEND_INTERVAL_MS = 60_000;

/**
 * Emails a reset link if the address has an account. The caller answers the same either way, so
 * the form cannot be used to find out who has an account.
 */
export async function requestPasswordReset(deps: AccountsDeps, rawEmail: string): Promise<void> {
  const user = await findUserByEmail(deps.db, rawEmail.trim().toLowerCase());
  if (!user) return;
  const lastSent = await newestEmailTokenAt(deps.db, user.id, 'reset_password');
  if (lastSent && deps.clock.nowMs() - Date.parse(lastSent) < RESEND_INTERVAL_MS) return;
  await deps.db.transaction().execute((tx) => sendEmailLink(deps, tx, user, 'reset_password'));
}
