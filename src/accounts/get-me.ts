import { AppError } from '../lib/errors.js';
import { findMembershipOfUser } from './customers.repository.js';
import { nowIso, type AccountsDeps } from './deps.js';
import { findLiveSession } from './sessions.repository.js';
import { findUserById } from './users.repository.js';
import { toCustomerView, toUserView, type MeView } from './views.js';

/** The session's CSRF token is in it, so a dashboard that lost the cookie can still send the header. */
export type Me = MeView;

export async function getMe(deps: AccountsDeps, userId: string, sessionId: string | null): Promise<Me> {
  const user = await findUserById(deps.db, userId);
  if (!user) throw new AppError('unauthenticated');
  const session = sessionId ? await findLiveSession(deps.db, sessionId, nowIso(deps)) : undefined;
  return {
    user: toUserView(user),
    customer: toCustomerView(await findMembershipOfUser(deps.db, userId)),
    csrfToken: session?.user_id === userId ? session.csrf_token : null,
  };
}
