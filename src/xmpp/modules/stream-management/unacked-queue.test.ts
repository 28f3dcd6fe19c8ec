import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { xml } from '../../stanza/index.js';
import { UnackedQueue, wrapCounter } from './unacked-queue.js';
import { handledCountTooHigh, parseCounter, parseSmRequest } from './sm-codec.js';

const message = (n: number) => xml('message', { id: `m${n}` });

describe('XEP-0198 counters', () => {
  it('forgets what h acknowledges and keeps the rest in order', () => {
    const queue = new UnackedQueue();
    for (let n = 1; n <= 4; n++) queue.push(message(n));
    assert.equal(queue.sent, 4);
    assert.equal(queue.acknowledge(3), true);
    assert.equal(queue.size, 1);
    assert.deepEqual(
      queue.takeAll().map((s) => s.attrs.id),
      ['m4'],
    );
    assert.equal(queue.sent, 3, 'taken stanzas count again when they are sent again');
  });

  it('refuses an h above what was sent, and one that goes back', () => {
    const queue = new UnackedQueue();
    queue.push(message(1));
    queue.push(message(2));
    assert.equal(queue.acknowledge(3), false);
    assert.equal(queue.size, 2, 'a refused h changes nothing');
    assert.equal(queue.acknowledge(2), true);
    assert.equal(queue.acknowledge(1), false);
  });

  it('wraps at 2^32', () => {
    const queue = new UnackedQueue(2 ** 32 - 2);
    for (let n = 1; n <= 3; n++) queue.push(message(n));
    assert.equal(queue.sent, 1);
    assert.equal(queue.acknowledge(0), true, 'h = 0 after 2^32 - 1 acknowledges two');
    assert.equal(queue.size, 1);
    assert.equal(queue.acknowledge(1), true);
    assert.equal(queue.size, 0);
    assert.equal(wrapCounter(2 ** 32 + 5), 5);
  });

  it('parses counters strictly', () => {
    assert.equal(parseCounter('4294967295'), 2 ** 32 - 1);
    assert.equal(parseCounter('4294967296'), undefined);
    assert.equal(parseCounter('-1'), undefined);
    assert.equal(parseCounter('1.5'), undefined);
    assert.equal(parseCounter(undefined), undefined);
    assert.deepEqual(parseSmRequest(xml('a', { h: '7' })), { kind: 'answer', h: 7 });
    assert.equal(parseSmRequest(xml('a', { h: 'x' })), undefined);
    assert.equal(parseSmRequest(xml('resume', { h: '1' })), undefined, 'no previd');
  });

  it('says how far a too-high h went', () => {
    const error = handledCountTooHigh(10, 8).toElement();
    const app = error.getChild('handled-count-too-high', 'urn:xmpp:sm:3');
    assert.equal(app?.attrs.h, '10');
    assert.equal(app?.attrs['send-count'], '8');
    assert.ok(error.getChild('undefined-condition'));
  });
});
