import type { ApiTokenRow } from './api-tokens.repository.js';
import type { ApiTokenView } from './views.js';

/** Every personal token starts with this, so secret scanners and people recognise one. */
export const API_TOKEN_PREFIX = 'imh_';

export type { ApiTokenView };

export function toApiTokenView(row: ApiTokenRow): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.token_prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}
