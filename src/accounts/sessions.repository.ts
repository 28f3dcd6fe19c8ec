import type { SessionsTable } from '../platform/index.js';
import type { AccountsDb } from './deps.js';

export type SessionRow = SessionsTable;

export async function insertSession(db: AccountsDb, row: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

export async function findLiveSession(
  db: AccountsDb,
  sessionId: string,
  nowIso: string,
): Promise<SessionRow | undefined> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('id', '=', sessionId)
    .where('expires_at', '>', nowIso)
    .executeTakeFirst();
}

export async function touchSession(
  db: AccountsDb,
  userId: string,
  sessionId: string,
  lastSeenAt: string,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: lastSeenAt })
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .execute();
}

export async function deleteSession(db: AccountsDb, userId: string, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).where('user_id', '=', userId).execute();
}

/** Ends every session of a user, except the one given (the caller's own, after a password change). */
export async function deleteSessionsOfUser(
  db: AccountsDb,
  userId: string,
  exceptSessionId: string | null,
): Promise<void> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId !== null) query = query.where('id', '!=', exceptSessionId);
  await query.execute();
}

export async function deleteExpiredSessions(db: AccountsDb, nowIso: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', nowIso).execute();
}

/** A user's sessions that have not expired, most recently used first. */
export async function listLiveSessionsOfUser(
  db: AccountsDb,
  userId: string,
  nowIso: string,
): Promise<SessionRow[]> {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('expires_at', '>', nowIso)
    .orderBy('last_seen_at', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}
