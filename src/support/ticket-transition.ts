/**
 * The columns that change with a status: the state machine's answer plus the SLA pause, and the
 * timestamps the auto-close sweep reads (waiting since, reminded, resolved, closed).
 */
import type { TicketRow } from './tickets.repository.js';
import { slaAfterStatusChange } from './sla.js';
import { nextStatus, type TicketEvent } from './ticket-states.js';

export type StatusChanges = Pick<
  TicketRow,
  | 'status'
  | 'first_response_due_at'
  | 'resolution_due_at'
  | 'sla_paused_at'
  | 'waiting_since'
  | 'reminder_sent_at'
  | 'resolved_at'
  | 'closed_at'
  | 'updated_at'
>;

export function transitionChanges(ticket: TicketRow, event: TicketEvent, now: string): StatusChanges {
  const status = nextStatus(ticket.status, event);
  const moved = status !== ticket.status;
  return {
    status,
    ...slaAfterStatusChange(ticket, ticket.status, status, now),
    waiting_since: status === 'waiting_on_customer' ? (moved ? now : ticket.waiting_since) : null,
    reminder_sent_at: status === 'waiting_on_customer' && !moved ? ticket.reminder_sent_at : null,
    resolved_at:
      status === 'resolved'
        ? moved
          ? now
          : ticket.resolved_at
        : status === 'closed'
          ? ticket.resolved_at
          : null,
    closed_at: status === 'closed' ? (moved ? now : ticket.closed_at) : null,
    updated_at: now,
  };
}
