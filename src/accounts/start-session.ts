import { sha256Hex } from '../lib/hash.js';
import { newSecret } from '../lib/ids.js';
import { isoAfter, nowIso, type AccountsDeps } from './deps.js';
import { deleteExpiredSessions, insertSession } from './sessions.repository.js';
import { updateUser } from './users.repository.js';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** What the HTTP layer puts in cookies. The cookie value is only ever stored as its SHA-256. */
export interface NewSession {
  cookieValue: string;
  csrfToken: string;
  expiresAt: string;
  maxAgeSeconds: number;
}

export async function startSession(
  deps: AccountsDeps,
  userId: string,
  client: ClientInfo,
): Promise<NewSession> {
  const cookieValue = newSecret(32);
  const csrfToken = newSecret(32);
  const maxAgeSeconds = deps.config.sessionTtlHours * 3600;
  const now = nowIso(deps);
  const expiresAt = isoAfter(deps, maxAgeSeconds * 1000);
  // Sign-in is a natural moment to drop dead sessions; no job is needed for a table this small.
  await deleteExpiredSessions(deps.db, now);
  await insertSession(deps.db, {
    id: sha256Hex(cookieValue),
    user_id: userId,
    csrf_token: csrfToken,
    created_at: now,
    expires_at: expiresAt,
    last_seen_at: now,
    ip: client.ip,
    user_agent: client.userAgent?.slice(0, 512) ?? null,
  });
  await updateUser(deps.db, userId, { last_login_at: now, updated_at: now });
  return { cookieValue, csrfToken, expiresAt, maxAgeSeconds };
}
