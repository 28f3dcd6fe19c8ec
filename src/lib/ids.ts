import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.js';

/** Crockford base32, as ULID uses: sortable, no ambiguous letters. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export type IdPrefix =
  'usr' | 'cus' | 'host' | 'mem' | 'ses' | 'tok' | 'job' | 'msg' | 'aud' | 'evt' | 'cert' | (string & {});

function encodeTime(ms: number): string {
  let out = '';
  let value = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[value % 32] + out;
    value = Math.floor(value / 32);
  }
  return out;
}

// Random bytes are drawn from the CSPRNG a pool at a time: one call per 256 ids instead of one each.
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let poolOffset = 0;

function encodeRandom(bytes: number): string {
  if (poolOffset + bytes > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  let out = '';
  for (let i = poolOffset; i < poolOffset + bytes; i++) out += ALPHABET[pool[i]! % 32];
  poolOffset += bytes;
  return out;
}

/**
 * Ids carry a type prefix (`host_…`) so a log line or an API payload says what it points at, and a
 * ULID-like body (time first) so ids sort by creation.
 */
export function newId(prefix: IdPrefix, nowMs: number = Date.now()): string {
  return `${prefix}_${encodeTime(nowMs)}${encodeRandom(16)}`;
}

/** A random secret for links and tokens: 32 bytes, URL-safe. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export type IdSource = (prefix: IdPrefix) => string;

function increment(body: string): string {
  // Carry from the last character: trailing maximum digits roll over to the first digit.
  for (let i = body.length - 1; i >= 0; i--) {
    const index = ALPHABET.indexOf(body[i]!);
    if (index < ALPHABET.length - 1)
      return body.slice(0, i) + ALPHABET[index + 1]! + ALPHABET[0]!.repeat(body.length - 1 - i);
  }
  throw new RangeError('id space exhausted');
}

/**
 * Ids that strictly increase within one process, so "newest first" lists ordered by id stay in
 * insertion order even when many rows share a millisecond (the simulated clock stands still between
 * advances). As ULID's monotonic mode does, an id that would not sort after the previous one becomes
 * the previous one plus one; the alphabet is in ASCII order, so ids compare as text. Between
 * processes, ids still sort by the time they carry.
 */
export function monotonicIdSource(clock: Clock): IdSource {
  let lastBody = '';
  return (prefix) => {
    const time = encodeTime(clock.nowMs());
    // Within the last id's millisecond (or behind it), only the increment keeps the order.
    lastBody = time > lastBody.slice(0, 10) ? time + encodeRandom(16) : increment(lastBody);
    return `${prefix}_${lastBody}`;
  };
}
