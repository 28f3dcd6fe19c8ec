import { randomBytes } from 'node:crypto';

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

function encodeRandom(bytes: number): string {
  const buf = randomBytes(bytes);
  let out = '';
  for (const byte of buf) out += ALPHABET[byte % 32];
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
