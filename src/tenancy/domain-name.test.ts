import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '../lib/errors.js';
import { displayDomain, domainSearchTerm, normalizeDomain, tryNormalizeDomain } from './domain-name.js';

function assertInvalid(input: string): void {
  assert.throws(
    () => normalizeDomain(input),
    (error) => isAppError(error) && error.code === 'domain_invalid',
    `${JSON.stringify(input)} should be refused`,
  );
}

describe('normalizeDomain', () => {
  it('lowercases and converts IDNs to A-labels', () => {
    assert.equal(normalizeDomain('Chat.Example.COM'), 'chat.example.com');
    assert.equal(normalizeDomain('bücher.example'), 'xn--bcher-kva.example');
    assert.equal(normalizeDomain('BÜCHER.example'), 'xn--bcher-kva.example');
    assert.equal(normalizeDomain('xn--bcher-kva.example'), 'xn--bcher-kva.example');
    assert.equal(normalizeDomain('ｃｈａｔ.example'), 'chat.example');
  });

  it('drops the trailing root dot', () => {
    assert.equal(normalizeDomain('chat.example.org.'), 'chat.example.org');
  });

  it('refuses IP literals, including the numeric forms IDNA rewrites into addresses', () => {
    for (const input of ['192.0.2.1', '[::1]', '::1', '0x7f.1', '127.1', '2001:db8::1']) assertInvalid(input);
  });

  it('refuses single labels, empty labels, underscores and URL syntax', () => {
    for (const input of [
      'localhost',
      '',
      '.',
      'a..example',
      '.example',
      '_xmpp.example',
      'a_b.example',
      'a/b.example',
      'chat.example:5222',
      'user@chat.example',
      'chat example.org',
      'chat.example.org..',
      'ex*ample.org',
      '-chat.example',
      'chat-.example',
      'chat.123',
      'xn--zz.example',
    ]) {
      assertInvalid(input);
    }
  });

  it('enforces 63 characters per label and 253 in all', () => {
    assert.equal(normalizeDomain(`${'a'.repeat(63)}.example`), `${'a'.repeat(63)}.example`);
    assertInvalid(`${'a'.repeat(64)}.example`);
    const long = Array.from({ length: 4 }, () => 'a'.repeat(61)).join('.'); // 247 characters
    assert.equal(normalizeDomain(`${long}.examp`), `${long}.examp`);
    assertInvalid(`${long}.exampl`);
  });

  it('offers a lookup variant that answers null instead of throwing', () => {
    assert.equal(tryNormalizeDomain('Chat.Example'), 'chat.example');
    assert.equal(tryNormalizeDomain('no-dot'), null);
  });
});

describe('displayDomain and domainSearchTerm', () => {
  it('shows A-labels in Unicode and searches Unicode by A-label', () => {
    assert.equal(displayDomain('xn--bcher-kva.example'), 'bücher.example');
    assert.equal(displayDomain('chat.example'), 'chat.example');
    assert.equal(domainSearchTerm(' Bücher.Ex '), 'xn--bcher-kva.ex');
    assert.equal(domainSearchTerm('chat'), 'chat');
    assert.equal(domainSearchTerm('  '), undefined);
  });
});
