import saslprep from '@mongodb-js/saslprep';
import { normalizeUsername } from '../../lib/username.js';

/**
 * Printable ASCII and the ASCII space: SASLprep (RFC 4013) maps, prohibits and normalises none of
 * it, so nearly every name and password skips the library's per-character table walk (a percent of
 * a login's CPU).
 */
const UNCHANGED_BY_SASLPREP = /^[\x20-\x7e]*$/;

function prepare(raw: string): string {
  return UNCHANGED_BY_SASLPREP.test(raw) ? raw : saslprep(raw);
}

/** The account name a client sends in SASL, prepared as tenancy stores it; null when it cannot exist. */
export function prepareUsername(raw: string): string | null {
  try {
    return normalizeUsername(prepare(raw));
  } catch {
    return null;
  }
}

export function preparePassword(raw: string): string | null {
  try {
    return prepare(raw);
  } catch {
    return null;
  }
}
