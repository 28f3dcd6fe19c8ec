import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { transitionChanges } from './ticket-transition.js';
import type { TicketRow } from './tickets.repository.js';

const created = '2026-01-15T10:00:00.000Z';
const ticket: TicketRow = {
  id: 'tkt_1',
  customer_id: 'cus_1',
  requester_user_id: 'usr_1',
  requester_email: 'a@example.org',
  requester_name: 'A',
  customer_name: 'ACME',
  department_id: 'dep_technical',
  priority: 'normal',
  status: 'in_progress',
  subject: 's',
  host_id: null,
  invoice_id: null,
  assignee_id: null,
  merged_into_id: null,
  search_text: 's',
  first_response_due_at: '2026-01-15T18:00:00.000Z',
  resolution_due_at: '2026-01-18T10:00:00.000Z',
  first_responded_at: null,
  sla_paused_at: null,
  sla_warned_at: null,
  waiting_since: null,
  reminder_sent_at: null,
  resolved_at: null,
  closed_at: null,
  rating: null,
  rating_comment: null,
  rated_at: null,
  created_at: created,
  updated_at: created,
};

describe('transitionChanges', () => {
  it('a staff reply starts waiting on the customer and pauses the SLA', () => {
    const at = '2026-01-15T11:00:00.000Z';
    const changes = transitionChanges(ticket, { kind: 'staff_reply' }, at);
    assert.equal(changes.status, 'waiting_on_customer');
    assert.equal(changes.waiting_since, at);
    assert.equal(changes.sla_paused_at, at);
  });

  it('a customer reply to a resolved ticket clears the resolution and resumes the SLA', () => {
    const resolved = {
      ...ticket,
      status: 'resolved' as const,
      resolved_at: '2026-01-16T10:00:00.000Z',
      sla_paused_at: '2026-01-16T10:00:00.000Z',
    };
    const changes = transitionChanges(resolved, { kind: 'customer_reply' }, '2026-01-17T10:00:00.000Z');
    assert.equal(changes.status, 'customer_reply');
    assert.equal(changes.resolved_at, null);
    assert.equal(changes.sla_paused_at, null);
    assert.equal(changes.resolution_due_at, '2026-01-19T10:00:00.000Z');
  });

  it('closing keeps when the ticket was resolved', () => {
    const resolved = { ...ticket, status: 'resolved' as const, resolved_at: '2026-01-16T10:00:00.000Z' };
    const changes = transitionChanges(resolved, { kind: 'auto_close' }, '2026-01-19T10:00:00.000Z');
    assert.equal(changes.status, 'closed');
    assert.equal(changes.resolved_at, '2026-01-16T10:00:00.000Z');
    assert.equal(changes.closed_at, '2026-01-19T10:00:00.000Z');
  });
});
