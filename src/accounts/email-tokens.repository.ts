import type { EmailTokensTable } from '../platform/index.js';
import type { AccountsDb } from './deps.js';

export type EmailTokenPurpose = EmailTokensTable['purpose'];

export async function insertEmailToken(db: AccountsDb, row: EmailTokensTable): Promise<void> {
  await db.insertInto('email_tokens').values(row).execute();
}

/**
 * Marks a live token used and returns its user, in one statement, so a link works exactly once
 * even when clicked twice at the same moment.
 */
export async function consumeEmailToken(
  db: AccountsDb,
  tokenHash: string,
  purpose: EmailTokenPurpose,
  nowIso: string,
): Promise<string | undefined> {
  const row = await db
    .updateTable('email_tokens')
    .set({ used_at: nowIso })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowIso)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}

export async function newestEmailTokenAt(
  db: AccountsDb,
  userId: string,
  purpose: EmailTokenPurpose,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('email_tokens')
    .select('created_at')
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.created_at;
}
