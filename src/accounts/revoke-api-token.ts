import { AppError } from '../lib/errors.js';
import { revokeApiToken as revokeRow } from './api-tokens.repository.js';
import { nowIso, type AccountsDeps } from './deps.js';

/** Another user's token answers token_not_found, exactly like a token that never existed. */
export async function revokeApiToken(deps: AccountsDeps, userId: string, tokenId: string): Promise<void> {
  if (!(await revokeRow(deps.db, userId, tokenId, nowIso(deps)))) throw new AppError('token_not_found');
}
