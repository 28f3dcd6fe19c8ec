import { AppError } from '../lib/errors.js';
import { sha256Hex } from '../lib/hash.js';
import { newSecret } from '../lib/ids.js';
import { isoAfter, nowIso, type AccountsDeps, type AccountsDb, type AccountsTx } from './deps.js';
import {
  consumeEmailToken,
  insertEmailToken,
  newestEmailTokenAt,
  type EmailTokenPurpose,
} from './email-tokens.repository.js';
import { accountsMailTemplates } from './mail-templates.js';
import type { UserRow } from './users.repository.js';

const HOUR_MS = 3_600_000;
/** One link of a kind per address per minute, so the forms cannot be used to flood someone's inbox. */
const RESEND_INTERVAL_MS = 60_000;

/** How long each kind of link works; the mail says the same (accountsMailTemplates). */
const LINK_TTL_MS: Record<EmailTokenPurpose, number> = {
  verify_email: 48 * HOUR_MS,
  reset_password: HOUR_MS,
};

/**
 * Emails a one-time link to the dashboard page for this purpose; only the token's hash is stored.
 * Token and outbox message are written in the caller's transaction, so one never exists without the other.
 */
export async function sendEmailLink(
  deps: AccountsDeps,
  tx: AccountsTx,
  user: Pick<UserRow, 'id' | 'email' | 'name'>,
  purpose: EmailTokenPurpose,
): Promise<void> {
  const token = newSecret(32);
  await insertEmailToken(tx, {
    token_hash: sha256Hex(token),
    user_id: user.id,
    purpose,
    created_at: nowIso(deps),
    expires_at: isoAfter(deps, LINK_TTL_MS[purpose]),
    used_at: null,
  });
  const mail = accountsMailTemplates[purpose].render({ name: user.name, token }, deps.config.publicUrl);
  await deps.mailer.send({ to: user.email, ...mail }, { tx });
}

/** Like sendEmailLink, but does nothing if a link of this kind went to the user less than a minute ago. */
export async function sendEmailLinkUnlessRecent(
  deps: AccountsDeps,
  user: Pick<UserRow, 'id' | 'email' | 'name'>,
  purpose: EmailTokenPurpose,
): Promise<void> {
  const lastSent = await newestEmailTokenAt(deps.db, user.id, purpose);
  if (lastSent && deps.clock.nowMs() - Date.parse(lastSent) < RESEND_INTERVAL_MS) return;
  await deps.db.transaction().execute((tx) => sendEmailLink(deps, tx, user, purpose));
}

/** Spends a link's token and returns its user; an unknown, used or expired token is token_invalid (410). */
export async function redeemEmailLink(
  deps: Pick<AccountsDeps, 'clock'>,
  db: AccountsDb,
  token: string,
  purpose: EmailTokenPurpose,
): Promise<string> {
  const userId = await consumeEmailToken(db, sha256Hex(token), purpose, nowIso(deps));
  if (!userId) throw new AppError('token_invalid');
  return userId;
}
