import saslprep from '@mongodb-js/saslprep';
import { normalizeUsername } from '../../tenancy/index.js';

/** The account name a client sends in SASL, prepared as tenancy stores it; null when it cannot exist. */
export function prepareUsername(raw: string): string | null {
  try {
    return normalizeUsername(saslprep(raw));
  } catch {
    return null;
  }
}

export function preparePassword(raw: string): string | null {
  try {
    return saslprep(raw);
  } catch {
    return null;
  }
}
