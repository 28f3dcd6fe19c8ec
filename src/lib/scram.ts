import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/**
 * SCRAM (RFC 5802, RFC 7677) key math, shared by the credential store (which derives and keeps
 * StoredKey/ServerKey, never the password) and the XMPP SASL mechanisms (which verify proofs).
 */
export type ScramHash = 'sha1' | 'sha256';

export const scramHashLength: Record<ScramHash, number> = { sha1: 20, sha256: 32 };

/** RFC 5802 calls 4096 the minimum; Prosody 13 enforces it. */
export const MIN_SCRAM_ITERATIONS = 4096;

export interface ScramKeys {
  storedKey: Buffer;
  serverKey: Buffer;
}

export function hmac(hash: ScramHash, key: Buffer, data: Buffer | string): Buffer {
  return createHmac(hash, key).update(data).digest();
}

export function h(hash: ScramHash, data: Buffer): Buffer {
  return createHash(hash).update(data).digest();
}

export function saltedPassword(
  hash: ScramHash,
  normalizedPassword: string,
  salt: Buffer,
  iterations: number,
): Buffer {
  return pbkdf2Sync(normalizedPassword, salt, iterations, scramHashLength[hash], hash);
}

export function keysFromSaltedPassword(hash: ScramHash, salted: Buffer): ScramKeys & { clientKey: Buffer } {
  const clientKey = hmac(hash, salted, 'Client Key');
  return { clientKey, storedKey: h(hash, clientKey), serverKey: hmac(hash, salted, 'Server Key') };
}

export function deriveScramKeys(
  hash: ScramHash,
  normalizedPassword: string,
  salt: Buffer,
  iterations: number,
): ScramKeys {
  const { storedKey, serverKey } = keysFromSaltedPassword(
    hash,
    saltedPassword(hash, normalizedPassword, salt, iterations),
  );
  return { storedKey, serverKey };
}

export function xorBuffers(a: Buffer, b: Buffer): Buffer {
  if (a.length !== b.length) throw new RangeError('xor needs equal lengths');
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

export function newScramSalt(): Buffer {
  return randomBytes(16);
}
