import type { ApiTokenRow } from './api-tokens.repository.js';

/** Every personal token starts with this, so secret scanners and people recognise one. */
export const API_TOKEN_PREFIX = 'imh_';

export interface ApiTokenView {
  id: string;
  name: string;
  /** The first characters, enough to tell tokens apart in a list; never the whole token. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export function toApiTokenView(row: ApiTokenRow): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.token_prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}
