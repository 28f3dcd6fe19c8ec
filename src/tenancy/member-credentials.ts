import saslprep from '@mongodb-js/saslprep';
import { AppError } from '../lib/errors.js';
import { checkPassword } from '../lib/password-policy.js';
import { deriveScramKeys, MIN_SCRAM_ITERATIONS, newScramSalt, type ScramKeys } from '../lib/scram.js';

/** What a member's password leaves behind: enough to verify SCRAM and PLAIN, never the password. */
export interface MemberCredentials {
  salt: Buffer;
  iterations: number;
  sha1: ScramKeys;
  sha256: ScramKeys;
}

/**
 * SCRAM hashes the SASLprep form (RFC 4013) of the password, so clients that prepare it the same
 * way derive the same keys. A password SASLprep refuses (controls, unassigned code points) could
 * never be typed into a SCRAM client, so it is refused here rather than stored.
 */
export function prepareMemberPassword(password: string): string {
  checkPassword(password);
  try {
    return saslprep(password);
  } catch (error) {
    throw new AppError('password_invalid', { cause: error });
  }
}

export function deriveMemberCredentials(
  preparedPassword: string,
  salt: Buffer,
  iterations: number = MIN_SCRAM_ITERATIONS,
): MemberCredentials {
  return {
    salt,
    iterations,
    sha1: deriveScramKeys('sha1', preparedPassword, salt, iterations),
    sha256: deriveScramKeys('sha256', preparedPassword, salt, iterations),
  };
}

/** One fresh salt per password, shared by both hash functions as Prosody and ejabberd do. */
export function newMemberCredentials(password: string): MemberCredentials {
  return deriveMemberCredentials(prepareMemberPassword(password), newScramSalt());
}
