import { AppError } from '../lib/errors.js';

// Deliberately plain: one @, a dot-separated domain with a TLD, no spaces or control characters.
// Anything fancier is checked by the mailbox itself when the verification link arrives.
const EMAIL_PATTERN =
  /^[^\s@\p{Cc}]{1,64}@(?=.{1,253}$)(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}]{2,63}$/u;

/** Emails are compared in lower case, so "Ann@Example.com" and "ann@example.com" are one account. */
export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (!EMAIL_PATTERN.test(email)) throw new AppError('email_invalid');
  return email;
}
