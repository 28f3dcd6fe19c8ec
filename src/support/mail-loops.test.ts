import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAutomatedMail } from './mail-loops.js';

describe('isAutomatedMail', () => {
  it('lets a person through', () => {
    assert.equal(isAutomatedMail(new Map([['auto-submitted', 'no']]), 'alice@example.org'), false);
    assert.equal(isAutomatedMail(new Map(), 'alice@example.org'), false);
  });

  it('stops auto-replies, lists and bounces', () => {
    assert.ok(isAutomatedMail(new Map([['auto-submitted', 'auto-replied']]), 'alice@example.org'));
    assert.ok(isAutomatedMail(new Map([['precedence', 'bulk']]), 'alice@example.org'));
    assert.ok(isAutomatedMail(new Map([['x-autoreply', 'yes']]), 'alice@example.org'));
    assert.ok(isAutomatedMail(new Map([['list-id', '<x.example>']]), 'alice@example.org'));
    assert.ok(isAutomatedMail(new Map(), 'MAILER-DAEMON@example.org'));
    assert.ok(isAutomatedMail(new Map(), null));
  });
});
