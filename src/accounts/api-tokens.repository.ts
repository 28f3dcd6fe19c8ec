import type { ApiTokensTable } from '../platform/index.js';
import type { AccountsDb } from './deps.js';

export type ApiTokenRow = ApiTokensTable;

export async function insertApiToken(db: AccountsDb, row: ApiTokenRow): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute();
}

export async function findActiveApiTokenByHash(
  db: AccountsDb,
  tokenHash: string,
): Promise<ApiTokenRow | undefined> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Newest first by id; fetches one extra row so the caller knows whether another page exists. */
export async function listActiveApiTokens(
  db: AccountsDb,
  userId: string,
  query: { limit: number; before?: string | undefined },
): Promise<ApiTokenRow[]> {
  let select = db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (query.before) select = select.where('id', '<', query.before);
  return select
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
}

/** Revokes only a token of this user; another user's id matches nothing, exactly like a missing one. */
export async function revokeApiToken(
  db: AccountsDb,
  userId: string,
  tokenId: string,
  revokedAt: string,
): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: revokedAt })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markApiTokenUsed(
  db: AccountsDb,
  userId: string,
  tokenId: string,
  usedAt: string,
): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: usedAt })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .execute();
}
