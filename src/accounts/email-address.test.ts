import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../lib/errors.js';
import { normalizeEmail } from './email-address.js';

describe('normalizeEmail', () => {
  it('trims and lowercases', () => {
    assert.equal(normalizeEmail('  Ann.Lee+im@Example.COM '), 'ann.lee+im@example.com');
    assert.equal(normalizeEmail('jörg@bücher.example'), 'jörg@bücher.example');
  });

  it('refuses what cannot be an address', () => {
    for (const bad of [
      '',
      'ann',
      'ann@',
      '@example.com',
      'ann@example',
      'a b@example.com',
      'ann@@example.com',
      'ann@exa_mple.com',
      'ann@-x.com',
    ]) {
      assert.throws(
        () => normalizeEmail(bad),
        (error: unknown) => error instanceof AppError && error.code === 'email_invalid',
        bad,
      );
    }
  });
});
