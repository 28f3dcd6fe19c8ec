import { AppError } from '../lib/errors.js';
import { findMembershipOfUser } from './customers.repository.js';
import { nowIso, type AccountsDeps } from './deps.js';
import { findLiveSession } from './sessions.repository.js';
import { findUserById } from './users.repository.js';
import { toCustomerView, toUserView, type CustomerView, type UserView } from './views.js';

export interface Me {
  user: UserView;
  customer: CustomerView | null;
  /** The session's CSRF token, so a dashboard that lost the cookie can still send the header. */
  csrfToken: string | null;
}

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
