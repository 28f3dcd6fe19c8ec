import type { AccountsDeps } from './deps.js';
import { mapEmailClash, prepareUserRow } from './new-user.js';
import { insertUser, type UserRow } from './users.repository.js';
import { toUserView, type UserView } from './views.js';

export type StaffRole = NonNullable<UserRow['staff_role']>;

export interface CreateStaffInput {
  email: string;
  password: string;
  name: string;
  role: StaffRole;
}

/** Staff are created by an operator (CLI or first-run setup), so their address counts as verified. */
export async function createStaff(deps: AccountsDeps, input: CreateStaffInput): Promise<UserView> {
  const user = await prepareUserRow(deps, {
    ...input,
    kind: 'staff',
    staffRole: input.role,
    emailVerified: true,
  });
  await mapEmailClash(() => insertUser(deps.db, user));
  return toUserView(user);
}
