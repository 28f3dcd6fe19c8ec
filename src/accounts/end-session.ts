import { AppError } from '../lib/errors.js';
import { nowIso, type AccountsDeps } from './deps.js';
import { publicSessionId } from './list-sessions.js';
import { deleteSession, listLiveSessionsOfUser } from './sessions.repository.js';

/** Signs one of the user's sessions out (a lost phone, a shared computer); another user's is not found. */
export async function endSession(deps: AccountsDeps, userId: string, publicId: string): Promise<void> {
  const rows = await listLiveSessionsOfUser(deps.db, userId, nowIso(deps));
  const row = rows.find((candidate) => publicSessionId(candidate) === publicId);
  if (!row) throw new AppError('session_not_found');
  await deleteSession(deps.db, userId, row.id);
}
