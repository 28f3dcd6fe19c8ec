import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capsHash } from './entity-caps.js';
import { COMPLEX, SIMPLE } from './entity-caps.examples.js';

describe('XEP-0115 verification strings', () => {
  it('hashes the simple and the complex example of the specification', () => {
    assert.equal(capsHash(SIMPLE, 'sha-1'), 'QgayPKawpkPSDYmwT/WM94uAlu0=');
    assert.equal(capsHash(COMPLEX, 'sha-1'), 'q07IKJEyjvHSyhy//CH0CxmKi8w=');
  });

  it('knows no hash it cannot compute', () => {
    assert.equal(capsHash(SIMPLE, 'md4'), undefined);
  });
});
