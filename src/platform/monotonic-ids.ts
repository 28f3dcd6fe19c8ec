/**
 * Ids that strictly increase within one process, so "newest first" lists ordered by id stay in
 * insertion order even when many rows share a millisecond (the simulated clock stands still between
 * advances). As ULID's monotonic mode does, an id that would not sort after the previous one becomes
 * the previous one plus one. Between processes, ids still sort by the time they carry.
 */
import type { Clock } from '../lib/clock.js';
import { newId, type IdPrefix } from '../lib/ids.js';

// The same Crockford alphabet as lib/ids.ts; its characters are in ASCII order, so ids compare as text.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function increment(body: string): string {
  const chars = body.split('');
  for (let i = chars.length - 1; i >= 0; i--) {
    const index = ALPHABET.indexOf(chars[i] ?? '');
    if (index < ALPHABET.length - 1) {
      chars[i] = ALPHABET[index + 1] ?? '';
      return chars.join('');
    }
    chars[i] = ALPHABET[0] ?? '';
  }
  throw new RangeError('id space exhausted');
}

export type IdSource = (prefix: IdPrefix) => string;

export function monotonicIdSource(clock: Clock): IdSource {
  let lastBody = '';
  return (prefix) => {
    const fresh = newId(prefix, clock.nowMs()).slice(prefix.length + 1);
    lastBody = fresh > lastBody ? fresh : increment(lastBody);
    return `${prefix}_${lastBody}`;
  };
}
