import type { AccountsDb } from './deps.js';

export async function insertSetupToken(db: AccountsDb, tokenHash: string, createdAt: string): Promise<void> {
  await db
    .insertInto('setup_tokens')
    .values({ token_hash: tokenHash, created_at: createdAt, used_at: null })
    .execute();
}

/** Marks an unused setup token used, in one statement; false if it is unknown or already spent. */
export async function consumeSetupToken(db: AccountsDb, tokenHash: string, usedAt: string): Promise<boolean> {
  const result = await db
    .updateTable('setup_tokens')
    .set({ used_at: usedAt })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
