import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  deriveScramKeys,
  h,
  hmac,
  keysFromSaltedPassword,
  saltedPassword,
  xorBuffers,
  type ScramHash,
} from './scram.js';

// The exchanges published in RFC 5802 §5 (SCRAM-SHA-1) and RFC 7677 §3 (SCRAM-SHA-256).
const vectors: Array<{
  hash: ScramHash;
  salt: string;
  clientNonce: string;
  serverNonce: string;
  proof: string;
  serverSignature: string;
}> = [
  {
    hash: 'sha1',
    salt: 'QSXCR+Q6sek8bf92',
    clientNonce: 'fyko+d2lbbFgONRv9qkxdawL',
    serverNonce: '3rfcNHYJY1ZVvWVs7j',
    proof: 'v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=',
    serverSignature: 'rmF9pqV8S7suAoZWja4dJRkFsKQ=',
  },
  {
    hash: 'sha256',
    salt: 'W22ZaJ0SNY7soEsUEjb6gQ==',
    clientNonce: 'rOprNGfwEbeRWgbNEkqO',
    serverNonce: '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
    proof: 'dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
    serverSignature: '6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
  },
];

describe('SCRAM key math', () => {
  for (const v of vectors) {
    it(`reproduces the published ${v.hash} exchange for user "user", password "pencil"`, () => {
      const salt = Buffer.from(v.salt, 'base64');
      const nonce = v.clientNonce + v.serverNonce;
      const authMessage = `n=user,r=${v.clientNonce},r=${nonce},s=${v.salt},i=4096,c=biws,r=${nonce}`;
      const { clientKey, storedKey, serverKey } = keysFromSaltedPassword(
        v.hash,
        saltedPassword(v.hash, 'pencil', salt, 4096),
      );
      const clientProof = xorBuffers(clientKey, hmac(v.hash, storedKey, authMessage));
      assert.equal(clientProof.toString('base64'), v.proof);
      assert.equal(hmac(v.hash, serverKey, authMessage).toString('base64'), v.serverSignature);

      // What the server does with only the stored keys: recover ClientKey from the proof and check it.
      const recoveredClientKey = xorBuffers(
        Buffer.from(v.proof, 'base64'),
        hmac(v.hash, storedKey, authMessage),
      );
      assert.deepEqual(h(v.hash, recoveredClientKey), storedKey);
      assert.deepEqual(deriveScramKeys(v.hash, 'pencil', salt, 4096), { storedKey, serverKey });
    });
  }

  it('gives different keys for a different password', () => {
    const salt = Buffer.from(vectors[0]!.salt, 'base64');
    assert.notDeepEqual(
      deriveScramKeys('sha1', 'pencil', salt, 4096),
      deriveScramKeys('sha1', 'pencil2', salt, 4096),
    );
  });
});
