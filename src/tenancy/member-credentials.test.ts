import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '../lib/errors.js';
import { h, hmac, xorBuffers, type ScramHash } from '../lib/scram.js';
import {
  deriveMemberCredentials,
  newMemberCredentials,
  prepareMemberPassword,
} from './member-credentials.js';

/**
 * The RFC exchanges publish the client's proof and the server's signature, not the keys. A server
 * holding only StoredKey/ServerKey verifies exactly these two values, so keys derived from
 * "pencil" are right if and only if they accept the published proof and reproduce the signature.
 */
interface Exchange {
  hash: ScramHash;
  salt: string;
  iterations: number;
  authMessage: string;
  proof: string;
  serverSignature: string;
}

const rfc5802: Exchange = {
  hash: 'sha1',
  salt: 'QSXCR+Q6sek8bf92',
  iterations: 4096,
  authMessage:
    'n=user,r=fyko+d2lbbFgONRv9qkxdawL,' +
    'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096,' +
    'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j',
  proof: 'v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=',
  serverSignature: 'rmF9pqV8S7suAoZWja4dJRkFsKQ=',
};

const rfc7677: Exchange = {
  hash: 'sha256',
  salt: 'W22ZaJ0SNY7soEsUEjb6gQ==',
  iterations: 4096,
  authMessage:
    'n=user,r=rOprNGfwEbeRWgbNEkqO,' +
    'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,' +
    'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
  proof: 'dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
  serverSignature: '6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
};

function assertKeysMatch(exchange: Exchange): void {
  const credentials = deriveMemberCredentials(
    'pencil', // already in SASLprep form; it is below today's length policy, so it skips prepareMemberPassword
    Buffer.from(exchange.salt, 'base64'),
    exchange.iterations,
  );
  const keys = credentials[exchange.hash];
  const clientSignature = hmac(exchange.hash, keys.storedKey, exchange.authMessage);
  const clientKey = xorBuffers(Buffer.from(exchange.proof, 'base64'), clientSignature);
  assert.deepEqual(h(exchange.hash, clientKey), keys.storedKey, 'StoredKey accepts the published proof');
  assert.equal(
    hmac(exchange.hash, keys.serverKey, exchange.authMessage).toString('base64'),
    exchange.serverSignature,
    'ServerKey reproduces the published server signature',
  );
}

describe('member credentials', () => {
  it('derive the SCRAM-SHA-1 keys of the RFC 5802 §5 exchange', () => assertKeysMatch(rfc5802));
  it('derive the SCRAM-SHA-256 keys of the RFC 7677 §3 exchange', () => assertKeysMatch(rfc7677));

  it('use a fresh random salt and at least 4096 iterations for every password', () => {
    const first = newMemberCredentials('correct horse battery');
    const second = newMemberCredentials('correct horse battery');
    assert.equal(first.iterations, 4096);
    assert.equal(first.salt.length, 16);
    assert.notDeepEqual(first.salt, second.salt);
    assert.notDeepEqual(first.sha256.storedKey, second.sha256.storedKey);
    assert.equal(first.sha1.storedKey.length, 20);
    assert.equal(first.sha256.serverKey.length, 32);
  });

  it('hash the SASLprep form, so equivalent spellings give the same keys', () => {
    const salt = Buffer.alloc(16, 7);
    const soft = deriveMemberCredentials(prepareMemberPassword('pass\u00ADword-xyz'), salt);
    const plain = deriveMemberCredentials(prepareMemberPassword('password-xyz'), salt);
    assert.deepEqual(soft.sha256.storedKey, plain.sha256.storedKey);
  });

  it('refuse passwords the policy or SASLprep refuses', () => {
    const code = (password: string) => {
      try {
        prepareMemberPassword(password);
        return 'accepted';
      } catch (error) {
        return isAppError(error) ? error.code : 'other';
      }
    };
    assert.equal(code('short'), 'password_too_short');
    assert.equal(code('password'), 'password_too_common');
    assert.equal(code('long enough\u0007bell'), 'password_invalid');
  });
});
