import { AppError } from '../lib/errors.js';
import { sha256Hex } from '../lib/hash.js';
import { newSecret } from '../lib/ids.js';
import { nowIso, type AccountsDeps } from './deps.js';
import { mapEmailClash, prepareUserRow } from './new-user.js';
import { consumeSetupToken, insertSetupToken } from './setup-tokens.repository.js';
import { startSession, type ClientInfo, type NewSession } from './start-session.js';
import { hasAnyStaff, insertUser } from './users.repository.js';
import { toUserView, type UserView } from './views.js';

/**
 * First run has no default password: `imhost start` on an empty install prints a link carrying a
 * one-time token, and whoever opens it creates the first staff admin. Only the token's hash is kept.
 */
export async function createSetupToken(deps: AccountsDeps): Promise<string> {
  const token = newSecret(32);
  await insertSetupToken(deps.db, sha256Hex(token), nowIso(deps));
  return token;
}

/** Creates the first staff admin and signs them in. */
export async function completeSetup(
  deps: AccountsDeps,
  input: { token: string; email: string; password: string; name: string },
  client: ClientInfo,
): Promise<{ user: UserView; session: NewSession }> {
  if (await hasAnyStaff(deps.db)) throw new AppError('setup_already_done');
  const user = await prepareUserRow(deps, {
    ...input,
    kind: 'staff',
    staffRole: 'admin',
    emailVerified: true,
  });
  await mapEmailClash(() =>
    deps.db.transaction().execute(async (tx) => {
      // Checked again inside the transaction, next to spending the token, so two racing forms
      // cannot both create an administrator.
      if (await hasAnyStaff(tx)) throw new AppError('setup_already_done');
      if (!(await consumeSetupToken(tx, sha256Hex(input.token), nowIso(deps))))
        throw new AppError('token_invalid');
      await insertUser(tx, user);
    }),
  );
  return { user: toUserView(user), session: await startSession(deps, user.id, client) };
}
