import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '../lib/errors.js';
import { normalizeDisplayName } from './display-name.js';

describe('normalizeDisplayName', () => {
  it('trims, treats blank as none and composes to NFC', () => {
    assert.equal(normalizeDisplayName('  Alice Liddell '), 'Alice Liddell');
    assert.equal(normalizeDisplayName('   '), null);
    assert.equal(normalizeDisplayName(null), null);
    assert.equal(normalizeDisplayName('Jose\u0301'), 'Jos\u00e9');
  });

  it('refuses control characters and names over 100 characters', () => {
    for (const input of ['a\u0000b', 'line\nbreak', 'x'.repeat(101), 'lone \ud800 surrogate']) {
      assert.throws(
        () => normalizeDisplayName(input),
        (error) => isAppError(error) && error.code === 'display_name_invalid',
      );
    }
    assert.equal(normalizeDisplayName('😀'.repeat(100))?.length, 200);
  });
});
