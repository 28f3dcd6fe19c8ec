import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '../lib/errors.js';
import {
  isActive,
  nextStatus,
  slaClock,
  TICKET_STATUSES,
  type TicketEvent,
  type TicketStatus,
} from './ticket-states.js';

function refused(from: TicketStatus, event: TicketEvent): boolean {
  try {
    nextStatus(from, event);
    return false;
  } catch (error) {
    return isAppError(error) && error.code === 'ticket_transition_invalid';
  }
}

describe('ticket state machine', () => {
  it('a customer reply reopens a resolved ticket and marks answered ones', () => {
    assert.equal(nextStatus('resolved', { kind: 'customer_reply' }), 'customer_reply');
    assert.equal(nextStatus('waiting_on_customer', { kind: 'customer_reply' }), 'customer_reply');
    assert.equal(nextStatus('on_hold', { kind: 'customer_reply' }), 'customer_reply');
    assert.equal(nextStatus('open', { kind: 'customer_reply' }), 'open');
  });

  it('a customer cannot reply to a closed ticket without reopening it', () => {
    assert.ok(refused('closed', { kind: 'customer_reply' }));
    assert.equal(nextStatus('closed', { kind: 'customer_reopen' }), 'open');
    assert.equal(nextStatus('resolved', { kind: 'customer_reopen' }), 'open');
    assert.ok(refused('open', { kind: 'customer_reopen' }));
  });

  it('a staff reply waits on the customer unless staff choose another status', () => {
    assert.equal(nextStatus('open', { kind: 'staff_reply' }), 'waiting_on_customer');
    assert.equal(nextStatus('customer_reply', { kind: 'staff_reply', status: 'resolved' }), 'resolved');
    assert.ok(refused('closed', { kind: 'staff_reply' }));
  });

  it('auto-close only moves waiting tickets to resolved and resolved ones to closed', () => {
    assert.equal(nextStatus('waiting_on_customer', { kind: 'auto_resolve' }), 'resolved');
    assert.ok(refused('customer_reply', { kind: 'auto_resolve' }));
    assert.equal(nextStatus('resolved', { kind: 'auto_close' }), 'closed');
    assert.ok(refused('waiting_on_customer', { kind: 'auto_close' }));
  });

  it('a merged ticket is final', () => {
    for (const event of [
      { kind: 'customer_reply' },
      { kind: 'set_status', status: 'open' },
      { kind: 'merge' },
    ] as TicketEvent[]) {
      assert.ok(refused('merged', event));
    }
    assert.equal(nextStatus('in_progress', { kind: 'merge' }), 'merged');
  });

  it('closing twice is refused', () => {
    assert.equal(nextStatus('on_hold', { kind: 'customer_close' }), 'closed');
    assert.ok(refused('closed', { kind: 'customer_close' }));
  });

  it('the SLA clock pauses while waiting on the customer or on hold', () => {
    const clocks = Object.fromEntries(TICKET_STATUSES.map((s) => [s, slaClock(s)]));
    assert.deepEqual(clocks, {
      open: 'running',
      in_progress: 'running',
      waiting_on_customer: 'paused',
      customer_reply: 'running',
      on_hold: 'paused',
      resolved: 'stopped',
      closed: 'stopped',
      merged: 'stopped',
    });
    assert.deepEqual(TICKET_STATUSES.filter(isActive), [
      'open',
      'in_progress',
      'waiting_on_customer',
      'customer_reply',
      'on_hold',
    ]);
  });
});
