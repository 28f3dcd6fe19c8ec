import { AppError } from '../lib/errors.js';
import { findMembershipOfUser } from './customers.repository.js';
import type { AccountsDeps } from './deps.js';
import { findUserByEmail } from './users.repository.js';

/** For `imhost host add DOMAIN --customer EMAIL`: the customer that user acts for. */
export async function findCustomerByUserEmail(deps: AccountsDeps, email: string): Promise<string> {
  const user = await findUserByEmail(deps.db, email.trim().toLowerCase());
  const membership = user ? await findMembershipOfUser(deps.db, user.id) : undefined;
  if (!membership) throw new AppError('customer_not_found', { details: { email } });
  return membership.customerId;
}
