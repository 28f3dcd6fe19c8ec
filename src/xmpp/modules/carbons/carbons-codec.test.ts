import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseStoredElement, type Element } from '../../stanza/index.js';
import { isEligible, takePrivate } from './carbons-codec.js';

const message = (text: string): Element => parseStoredElement(text)!;

describe('XEP-0280 eligibility (§6)', () => {
  it('copies chat messages, with or without a body', () => {
    assert.equal(isEligible(message("<message type='chat'><body>hi</body></message>")), true);
    assert.equal(
      isEligible(
        message("<message type='chat'><active xmlns='http://jabber.org/protocol/chatstates'/></message>"),
      ),
      true,
    );
  });

  it('copies normal messages with a body or an IM payload (chat state, receipt), not empty ones', () => {
    assert.equal(isEligible(message('<message><body>hi</body></message>')), true);
    assert.equal(
      isEligible(message("<message><composing xmlns='http://jabber.org/protocol/chatstates'/></message>")),
      true,
    );
    assert.equal(
      isEligible(message("<message><received xmlns='urn:xmpp:receipts' id='m1'/></message>")),
      true,
    );
    assert.equal(isEligible(message("<message><x xmlns='jabber:x:oob'/></message>")), false);
    assert.equal(isEligible(message('<message/>')), false);
  });

  it('never copies headline, groupchat or error messages', () => {
    for (const type of ['headline', 'groupchat', 'error'])
      assert.equal(isEligible(message(`<message type='${type}'><body>hi</body></message>`)), false, type);
  });

  it('never copies a no-copy hint or a message that already is a carbon', () => {
    assert.equal(
      isEligible(message("<message type='chat'><body>hi</body><no-copy xmlns='urn:xmpp:hints'/></message>")),
      false,
    );
    assert.equal(
      isEligible(
        message(
          "<message type='chat'><sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'/></sent></message>",
        ),
      ),
      false,
    );
  });

  it('takes <private/> out and says it was there; other namespaces stay', () => {
    const secret = message(
      "<message type='chat'><body>hi</body><private xmlns='urn:xmpp:carbons:2'/><private xmlns='urn:other'/></message>",
    );
    assert.equal(takePrivate(secret), true);
    assert.equal(secret.getChild('private', 'urn:xmpp:carbons:2'), undefined);
    assert.ok(secret.getChild('private', 'urn:other'));
    assert.equal(takePrivate(secret), false);
  });
});
