import { sha256Hex } from '../lib/hash.js';
import { findMembershipOfUser } from './customers.repository.js';
import { nowIso, type AccountsDeps } from './deps.js';
import { findActiveApiTokenByHash, markApiTokenUsed } from './api-tokens.repository.js';
import { findLiveSession, touchSession } from './sessions.repository.js';
import { findUserById, type UserRow } from './users.repository.js';

/** Who is calling, resolved from a session cookie or a personal API token. */
export interface Principal {
  user: Pick<UserRow, 'id' | 'email' | 'name' | 'kind'> & { staffRole: UserRow['staff_role'] };
  customerId: string | null;
  customerRole: 'owner' | 'admin' | 'billing' | null;
  via: 'session' | 'token';
  /** The session's id (the SHA-256 of the cookie), for CSRF, logout and "end other sessions". */
  sessionId: string | null;
  /** The double-submit value the session expects in X-CSRF-Token; null for API tokens. */
  csrfToken: string | null;
  twoFactorEnabled: boolean;
}

/** last_seen_at is refreshed at most this often, so reading pages does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

async function principalFor(
  deps: AccountsDeps,
  user: UserRow,
  via: Principal['via'],
  session: { id: string; csrfToken: string } | null,
): Promise<Principal> {
  const membership = user.kind === 'customer' ? await findMembershipOfUser(deps.db, user.id) : undefined;
  return {
    user: { id: user.id, email: user.email, name: user.name, kind: user.kind, staffRole: user.staff_role },
    customerId: membership?.customerId ?? null,
    customerRole: membership?.role ?? null,
    via,
    sessionId: session?.id ?? null,
    csrfToken: session?.csrfToken ?? null,
    twoFactorEnabled: user.totp_enabled_at !== null,
  };
}

export async function authenticateSession(
  deps: AccountsDeps,
  cookieValue: string,
): Promise<Principal | null> {
  const now = nowIso(deps);
  const session = await findLiveSession(deps.db, sha256Hex(cookieValue), now);
  if (!session) return null;
  const user = await findUserById(deps.db, session.user_id);
  if (!user) return null;
  if (deps.clock.nowMs() - Date.parse(session.last_seen_at) >= TOUCH_INTERVAL_MS) {
    await touchSession(deps.db, user.id, session.id, now);
  }
  return principalFor(deps, user, 'session', { id: session.id, csrfToken: session.csrf_token });
}

export async function authenticateApiToken(deps: AccountsDeps, token: string): Promise<Principal | null> {
  const row = await findActiveApiTokenByHash(deps.db, sha256Hex(token));
  if (!row) return null;
  const user = await findUserById(deps.db, row.user_id);
  if (!user) return null;
  if (row.last_used_at === null || deps.clock.nowMs() - Date.parse(row.last_used_at) >= TOUCH_INTERVAL_MS) {
    await markApiTokenUsed(deps.db, user.id, row.id, nowIso(deps));
  }
  return principalFor(deps, user, 'token', null);
}
