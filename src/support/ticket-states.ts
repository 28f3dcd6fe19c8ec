/**
 * The one state machine every status change goes through. Customers, staff, the auto-close sweep and
 * inbound email all describe what happened as an event; this module decides the next status or
 * refuses, so no caller can invent a transition of its own.
 */
import { AppError } from '../lib/errors.js';

export const TICKET_STATUSES = [
  'open',
  'in_progress',
  'waiting_on_customer',
  'customer_reply',
  'on_hold',
  'resolved',
  'closed',
  'merged',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Statuses staff may set by hand; `merged` only comes from merging. */
export const STAFF_SETTABLE_STATUSES = TICKET_STATUSES.filter((s) => s !== 'merged') as Exclude<
  TicketStatus,
  'merged'
>[];
export type StaffSettableStatus = Exclude<TicketStatus, 'merged'>;

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export type TicketEvent =
  | { kind: 'customer_reply' }
  | { kind: 'staff_reply'; status?: StaffSettableStatus | undefined }
  | { kind: 'set_status'; status: StaffSettableStatus }
  | { kind: 'customer_close' }
  | { kind: 'customer_reopen' }
  | { kind: 'auto_resolve' }
  | { kind: 'auto_close' }
  | { kind: 'merge' };

/** Tickets in these statuses count against the customer's cap on open tickets. */
export function isActive(status: TicketStatus): boolean {
  return status !== 'resolved' && status !== 'closed' && status !== 'merged';
}

/** The SLA clock runs while the ball is in our court, pauses while it is in the customer's, and stops at the end. */
export function slaClock(status: TicketStatus): 'running' | 'paused' | 'stopped' {
  if (status === 'waiting_on_customer' || status === 'on_hold') return 'paused';
  if (status === 'resolved' || status === 'closed' || status === 'merged') return 'stopped';
  return 'running';
}

function refuse(from: TicketStatus, event: TicketEvent): never {
  throw new AppError('ticket_transition_invalid', { details: { status: from, event: event.kind } });
}

export function nextStatus(from: TicketStatus, event: TicketEvent): TicketStatus {
  if (from === 'merged') refuse(from, event);
  switch (event.kind) {
    case 'customer_reply':
      if (from === 'closed') refuse(from, event);
      // Nobody has picked an untouched ticket up yet: it stays in the "new" pile.
      return from === 'open' ? 'open' : 'customer_reply';
    case 'staff_reply':
      if (from === 'closed' && event.status !== 'closed' && event.status !== 'open') refuse(from, event);
      return event.status ?? 'waiting_on_customer';
    case 'set_status':
      return event.status;
    case 'customer_close':
      if (from === 'closed') refuse(from, event);
      return 'closed';
    case 'customer_reopen':
      if (from !== 'resolved' && from !== 'closed') refuse(from, event);
      return 'open';
    case 'auto_resolve':
      if (from !== 'waiting_on_customer') refuse(from, event);
      return 'resolved';
    case 'auto_close':
      if (from !== 'resolved') refuse(from, event);
      return 'closed';
    case 'merge':
      return 'merged';
  }
}
