import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatJid, parseJid, tryParseJid } from './jid.js';

describe('JID', () => {
  it('normalises localpart and domain, keeps the resource case', () => {
    const j = parseJid('Juliet@Example.COM./Balcony');
    assert.deepEqual(j, { local: 'juliet', domain: 'example.com', resource: 'Balcony' });
    assert.equal(formatJid(j), 'juliet@example.com/Balcony');
  });

  it('allows a slash and @ in the resource', () => {
    assert.equal(parseJid('a@b.test/x/y@z').resource, 'x/y@z');
  });

  it('refuses malformed JIDs', () => {
    for (const bad of [
      '',
      '@b.test',
      'a@',
      'a b@c.test',
      'a@b.test/',
      'a@-b.test',
      `${'x'.repeat(1024)}@b.test`,
      'a@b_c.test',
    ])
      assert.equal(tryParseJid(bad), undefined, bad);
  });
});
