import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from './errors.js';
import { normalizeUsername, tryNormalizeUsername } from './username.js';

function assertInvalid(input: string): void {
  assert.throws(
    () => normalizeUsername(input),
    (error) => isAppError(error) && error.code === 'username_invalid',
    `${JSON.stringify(input)} should be refused`,
  );
}

describe('normalizeUsername (PRECIS UsernameCaseMapped)', () => {
  it('lowercases, maps fullwidth forms and composes to NFC', () => {
    assert.equal(normalizeUsername('Alice'), 'alice');
    assert.equal(normalizeUsername('ＡＬＩＣＥ'), 'alice');
    assert.equal(normalizeUsername('Jose\u0301'), 'jos\u00e9');
    assert.equal(normalizeUsername('ΣΤΙΓΜΑ'), 'στιγμα');
  });

  it('keeps letters of any script, digits and printable ASCII', () => {
    assert.equal(normalizeUsername('müller'), 'müller');
    assert.equal(normalizeUsername('李小龍'), '李小龍');
    assert.equal(normalizeUsername('user.name-1_x+tag'), 'user.name-1_x+tag');
    assert.equal(normalizeUsername('a!#$%()*,;=?[]^`{|}~'), 'a!#$%()*,;=?[]^`{|}~');
  });

  it('refuses the characters RFC 7622 forbids in a localpart', () => {
    for (const char of ['"', '&', "'", '/', ':', '<', '>', '@']) assertInvalid(`a${char}b`);
  });

  it('refuses spaces, controls, symbols and the empty name', () => {
    for (const input of ['', 'a b', 'a\u00a0b', 'a\tb', 'a\u0000', 'a\u200bb', '☃', 'smile😀', 'a\u2028b']) {
      assertInvalid(input);
    }
  });

  it('allows at most 1023 bytes of UTF-8', () => {
    assert.equal(normalizeUsername('a'.repeat(1023)).length, 1023);
    assertInvalid('a'.repeat(1024));
    assertInvalid('ä'.repeat(512)); // 1024 bytes
  });

  it('offers a lookup variant that answers null instead of throwing', () => {
    assert.equal(tryNormalizeUsername('Bob'), 'bob');
    assert.equal(tryNormalizeUsername('b@b'), null);
  });
});
