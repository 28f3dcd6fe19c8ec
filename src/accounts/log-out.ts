import type { AccountsDeps } from './deps.js';
import { deleteSession } from './sessions.repository.js';

export async function logOut(deps: AccountsDeps, userId: string, sessionId: string): Promise<void> {
  await deleteSession(deps.db, userId, sessionId);
}
