import { newId } from '../lib/ids.js';
import { nowIso, type AccountsDeps } from './deps.js';
import { addCustomerUser, insertCustomer } from './customers.repository.js';
import { sendEmailLink } from './email-links.js';
import { mapEmailClash, prepareUserRow } from './new-user.js';
import { startSession, type ClientInfo, type NewSession } from './start-session.js';
import { insertUser } from './users.repository.js';
import { toUserView, type CustomerView, type UserView } from './views.js';

export interface SignUpInput {
  email: string;
  password: string;
  name: string;
  organization: string;
}

/** A new organisation signs up: its customer account, the user as owner, a verification email, a session. */
export async function signUp(
  deps: AccountsDeps,
  input: SignUpInput,
  client: ClientInfo,
): Promise<{ user: UserView; customer: CustomerView; session: NewSession }> {
  const user = await prepareUserRow(deps, {
    ...input,
    kind: 'customer',
    staffRole: null,
    emailVerified: false,
  });
  const now = nowIso(deps);
  const customer = {
    id: newId('cus', deps.clock.nowMs()),
    name: input.organization.trim(),
    timezone: 'UTC',
    status: 'active' as const,
    created_at: now,
    updated_at: now,
  };
  await mapEmailClash(() =>
    deps.db.transaction().execute(async (tx) => {
      await insertUser(tx, user);
      await insertCustomer(tx, customer);
      await addCustomerUser(tx, customer.id, { user_id: user.id, role: 'owner', created_at: now });
      await sendEmailLink(deps, tx, user, 'verify_email');
    }),
  );
  const session = await startSession(deps, user.id, client);
  return {
    user: toUserView(user),
    customer: { id: customer.id, name: customer.name, role: 'owner' },
    session,
  };
}
