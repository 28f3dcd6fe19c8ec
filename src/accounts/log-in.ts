import { AppError } from '../lib/errors.js';
import { claimTotpCode } from './claim-totp-code.js';
import { findMembershipOfUser } from './customers.repository.js';
import type { AccountsDeps } from './deps.js';
import { waitOut, type LoginThrottle } from '../lib/login-throttle.js';
import { verifyAgainstDummy, verifyPassword } from './password-hashing.js';
import { startSession, type ClientInfo, type NewSession } from './start-session.js';
import { findUserByEmail } from './users.repository.js';
import { toCustomerView, toUserView, type CustomerView, type UserView } from './views.js';

export interface LogInInput {
  email: string;
  password: string;
  totp?: string | undefined;
}

export interface LogInDeps extends AccountsDeps {
  throttle: LoginThrottle;
  /** Counts attempts by result (success or the error code), for the operator's dashboards and alerts. */
  attempts: { inc(labels: { result: string }): void };
}

type LogInResult = { user: UserView; customer: CustomerView | null; session: NewSession };

export async function logIn(deps: LogInDeps, input: LogInInput, client: ClientInfo): Promise<LogInResult> {
  try {
    const result = await attemptLogIn(deps, input, client);
    deps.attempts.inc({ result: 'success' });
    return result;
  } catch (error) {
    deps.attempts.inc({ result: error instanceof AppError ? error.code : 'error' });
    throw error;
  }
}

async function attemptLogIn(deps: LogInDeps, input: LogInInput, client: ClientInfo): Promise<LogInResult> {
  const email = input.email.trim().toLowerCase();
  const ip = client.ip ?? 'unknown';
  const gate = deps.throttle.gate(email, ip);
  if (gate.kind === 'refuse')
    throw new AppError('login_throttled', {
      details: { retryAfterSeconds: Math.ceil(gate.retryAfterMs / 1000) },
    });
  // Before the password is looked at, so the delay tells nothing about it.
  await waitOut(gate.delayMs);
  const user = await findUserByEmail(deps.db, email);
  const passwordOk = user
    ? await verifyPassword(user.password_hash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!user || !passwordOk) {
    deps.throttle.recordFailure(email, ip);
    throw new AppError('invalid_credentials');
  }
  // The second factor is asked for only after a correct password, so it reveals nothing to a guesser.
  if (user.totp_enabled_at !== null) {
    if (!input.totp) throw new AppError('totp_required');
    try {
      await claimTotpCode(deps, user, input.totp);
    } catch (error) {
      deps.throttle.recordFailure(email, ip);
      throw error;
    }
  }
  deps.throttle.recordSuccess(email, ip);
  const session = await startSession(deps, user.id, client);
  const customer = toCustomerView(await findMembershipOfUser(deps.db, user.id));
  return { user: toUserView(user), customer, session };
}
