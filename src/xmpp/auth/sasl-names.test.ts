import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import saslprep from '@mongodb-js/saslprep';
import { preparePassword, prepareUsername } from './sasl-names.js';

describe('SASL names', () => {
  it('leaves printable ASCII as SASLprep would, character by character', () => {
    for (let code = 0x20; code <= 0x7e; code++) {
      const text = `a${String.fromCharCode(code)}b`;
      assert.equal(preparePassword(text), saslprep(text), `U+${code.toString(16)}`);
    }
    assert.equal(preparePassword('correct horse battery staple'), 'correct horse battery staple');
  });

  it('still maps, normalises and refuses what SASLprep does outside ASCII', () => {
    assert.equal(preparePassword('I\u00ADX'), 'IX', 'soft hyphen mapped to nothing');
    assert.equal(preparePassword('a\u00A0b'), 'a b', 'non-ASCII space mapped to a space');
    assert.equal(preparePassword('\u2168'), 'IX', 'NFKC');
    assert.equal(preparePassword('a\u0007b'), null, 'a control character');
    assert.equal(preparePassword('a\u007Fb'), null, 'DEL is a control character too');
  });

  it('prepares usernames as tenancy stores them', () => {
    assert.equal(prepareUsername('alice'), 'alice');
    assert.equal(prepareUsername('Alice.B'), 'alice.b');
    assert.equal(prepareUsername('\uFF21lice'), 'alice', 'fullwidth A');
    assert.equal(prepareUsername('al ice'), null);
    assert.equal(prepareUsername('ali@ce'), null);
    assert.equal(prepareUsername(''), null);
  });
});
