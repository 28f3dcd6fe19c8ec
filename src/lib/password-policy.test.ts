import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPassword } from './password-policy.js';

describe('checkPassword', () => {
  it('accepts a long uncommon password', () =>
    assert.doesNotThrow(() => checkPassword('correct horse battery')));
  it('refuses short, common and absurdly long ones with their codes', () => {
    assert.throws(() => checkPassword('short'), { code: 'password_too_short' });
    assert.throws(() => checkPassword('Password1'), { code: 'password_too_common' });
    assert.throws(() => checkPassword('x'.repeat(1025)), { code: 'password_too_long' });
  });
  it('counts characters, not bytes', () =>
    assert.throws(() => checkPassword('ééééééé'), { code: 'password_too_short' }));
});
