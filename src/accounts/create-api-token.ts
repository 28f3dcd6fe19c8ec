import { sha256Hex } from '../lib/hash.js';
import { newId, newSecret } from '../lib/ids.js';
import { API_TOKEN_PREFIX } from './api-tokens.js';
import { insertApiToken } from './api-tokens.repository.js';
import { nowIso, type AccountsDeps } from './deps.js';
import type { CreatedApiToken } from './views.js';

/** Creates a personal API token. The clear token is returned this once; only its SHA-256 is kept. */
export async function createApiToken(
  deps: AccountsDeps,
  userId: string,
  name: string,
): Promise<CreatedApiToken> {
  const token = `${API_TOKEN_PREFIX}${newSecret(32)}`;
  const row = {
    id: newId('tok', deps.clock.nowMs()),
    user_id: userId,
    name: name.trim(),
    token_hash: sha256Hex(token),
    token_prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
    created_at: nowIso(deps),
    last_used_at: null,
    revoked_at: null,
  };
  await insertApiToken(deps.db, row);
  return { id: row.id, name: row.name, token, createdAt: row.created_at };
}
