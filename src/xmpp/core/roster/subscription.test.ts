import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyState, inbound, outbound, type SubscriptionState } from './subscription.js';

const state = (s: Partial<SubscriptionState>): SubscriptionState => ({ ...emptyState, ...s });

describe('RFC 6121 subscription state machine', () => {
  it('walks none → to → both through a request and its approval', () => {
    const asked = outbound('subscribe', emptyState);
    assert.deepEqual(asked.state, state({ askOut: true }));
    assert.equal(asked.forward, true);
    const approved = inbound('subscribed', asked.state);
    assert.deepEqual(approved.state, state({ subscription: 'to' }));
    const theirRequest = inbound('subscribe', approved.state);
    assert.deepEqual(theirRequest.state, state({ subscription: 'to', pendingIn: true }));
    const both = outbound('subscribed', theirRequest.state);
    assert.deepEqual(both.state, state({ subscription: 'both' }));
  });

  it('answers a pre-approved request at once (§3.4) and an existing one without asking', () => {
    const preapproved = outbound('subscribed', emptyState);
    assert.deepEqual(preapproved.state, state({ preapproved: true }));
    assert.equal(preapproved.forward, false);
    const request = inbound('subscribe', preapproved.state);
    assert.deepEqual(request.state, state({ subscription: 'from' }));
    assert.equal(request.autoReply, 'subscribed');
    const again = inbound('subscribe', request.state);
    assert.equal(again.changed, false);
    assert.equal(again.autoReply, 'subscribed');
  });

  it('ignores an approval nobody asked for', () => {
    const unsolicited = inbound('subscribed', emptyState);
    assert.equal(unsolicited.changed, false);
    assert.equal(unsolicited.forward, false);
  });

  it('cancels both directions', () => {
    assert.deepEqual(
      outbound('unsubscribe', state({ subscription: 'both' })).state,
      state({ subscription: 'from' }),
    );
    assert.deepEqual(
      outbound('unsubscribed', state({ subscription: 'both' })).state,
      state({ subscription: 'to' }),
    );
    assert.deepEqual(
      inbound('unsubscribe', state({ subscription: 'both' })).state,
      state({ subscription: 'to' }),
    );
    assert.deepEqual(
      inbound('unsubscribed', state({ subscription: 'both' })).state,
      state({ subscription: 'from' }),
    );
    assert.deepEqual(outbound('unsubscribed', state({ pendingIn: true })).state, emptyState);
  });
});
