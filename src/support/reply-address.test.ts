import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readReplyAddress, replyAddressFor, threadIdFor, ticketIdFromReferences } from './reply-address.js';

const key = 'k'.repeat(32);
const desk = 'support@help.example';
const ticketId = 'tkt_01abcdefgh0123456789abcdef';

describe('reply addresses', () => {
  it('a signed plus-address names its ticket', () => {
    const address = replyAddressFor(key, desk, ticketId);
    assert.match(address, /^support\+t\.tkt_01abcdefgh0123456789abcdef\.[a-z0-9_-]{20}@help\.example$/);
    assert.deepEqual(readReplyAddress(key, desk, address), { kind: 'ticket', ticketId });
    assert.deepEqual(readReplyAddress(key, desk, address.toUpperCase()), { kind: 'ticket', ticketId });
  });

  it('a forged or re-targeted token is refused', () => {
    const address = replyAddressFor(key, desk, ticketId);
    const other = address.replace('tkt_01abcdefgh', 'tkt_01zzzzzzzz');
    assert.deepEqual(readReplyAddress(key, desk, other), { kind: 'bad_token' });
    assert.deepEqual(readReplyAddress('another-key', desk, address), { kind: 'bad_token' });
    assert.deepEqual(readReplyAddress(key, desk, 'support+junk@help.example'), { kind: 'bad_token' });
  });

  it('tells the plain desk address from foreign ones', () => {
    assert.deepEqual(readReplyAddress(key, desk, 'Support@Help.Example'), { kind: 'plain' });
    assert.deepEqual(readReplyAddress(key, desk, 'sales@help.example'), { kind: 'foreign' });
    assert.deepEqual(readReplyAddress(key, desk, 'support@elsewhere.example'), { kind: 'foreign' });
  });

  it('threads by References when the address is lost', () => {
    const thread = threadIdFor(desk, ticketId);
    assert.equal(ticketIdFromReferences(desk, ['<abc@mail.client>', thread]), ticketId);
    assert.equal(ticketIdFromReferences(desk, [thread.slice(1, -1)]), ticketId);
    assert.equal(ticketIdFromReferences(desk, ['<tkt_1@tickets.other.example>']), null);
  });
});
