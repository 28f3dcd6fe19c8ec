import { newId } from '../lib/ids.js';
import { checkPassword } from '../lib/password-policy.js';
import { AppError } from '../lib/errors.js';
import { isUniqueViolation } from '../platform/index.js';
import { nowIso, type AccountsDeps } from './deps.js';
import { normalizeEmail } from './email-address.js';
import { hashPassword } from './password-hashing.js';
import type { UserRow } from './users.repository.js';

/**
 * Validates and hashes everything a new user needs, before any transaction opens (hashing takes
 * about 100 ms and must not hold a database lock).
 */
export async function prepareUserRow(
  deps: Pick<AccountsDeps, 'clock'>,
  input: {
    email: string;
    password: string;
    name: string;
    kind: UserRow['kind'];
    staffRole: UserRow['staff_role'];
    emailVerified: boolean;
  },
): Promise<UserRow> {
  const email = normalizeEmail(input.email);
  checkPassword(input.password);
  const now = nowIso(deps);
  return {
    id: newId('usr', deps.clock.nowMs()),
    email,
    name: input.name.trim(),
    password_hash: await hashPassword(input.password),
    kind: input.kind,
    staff_role: input.staffRole,
    email_verified_at: input.emailVerified ? now : null,
    totp_secret: null,
    totp_enabled_at: null,
    totp_last_step: null,
    created_at: now,
    updated_at: now,
    last_login_at: null,
  };
}

/** Runs an insert that may clash on users.email and reports the clash as email_taken. */
export async function mapEmailClash<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('email_taken');
    throw error;
  }
}
