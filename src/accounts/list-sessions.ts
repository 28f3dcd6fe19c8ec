import { sha256Hex } from '../lib/hash.js';
import { nowIso, type AccountsDeps } from './deps.js';
import { listLiveSessionsOfUser, type SessionRow } from './sessions.repository.js';
import type { SessionView } from './views.js';

export type { SessionView };

/**
 * The stored session id is the SHA-256 of the cookie and is what authenticates a lookup; the API
 * shows a further hash of it, so no value that the server keys sessions by ever leaves it.
 */
export function publicSessionId(row: SessionRow): string {
  return `ses_${sha256Hex(`session:${row.id}`).slice(0, 26)}`;
}

export async function listSessions(
  deps: AccountsDeps,
  userId: string,
  currentSessionId: string | null,
): Promise<SessionView[]> {
  const rows = await listLiveSessionsOfUser(deps.db, userId, nowIso(deps));
  return rows.map((row) => ({
    id: publicSessionId(row),
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    ip: row.ip,
    userAgent: row.user_agent,
    current: row.id === currentSessionId,
  }));
}
