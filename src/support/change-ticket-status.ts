/** Status changes that are not replies: the customer closing or reopening, and the sweep's moves. */
import { appendMessage } from './append-message.js';
import { getCustomerTicket } from './get-ticket.js';
import type { CustomerActor } from './requester.js';
import { nowIso, type SupportDeps, type SupportDb } from './support-deps.js';
import { loadTicket } from './ticket-access.js';
import type { TicketEvent } from './ticket-states.js';
import { transitionChanges } from './ticket-transition.js';
import type { TicketRow } from './tickets.repository.js';

const STATUS_NOTES: Partial<Record<TicketEvent['kind'], string>> = {
  customer_close: 'The customer closed the ticket.',
  customer_reopen: 'The customer reopened the ticket.',
  auto_resolve: 'Resolved automatically: no reply from the customer.',
  auto_close: 'Closed automatically after being resolved.',
};

/** Applies the event and leaves a public system line in the thread saying what happened. */
export async function applyStatusEvent(
  deps: Pick<SupportDeps, 'files' | 'newId' | 'clock'>,
  tx: SupportDb,
  ticket: TicketRow,
  event: TicketEvent,
  authorName: string,
): Promise<TicketRow> {
  const changes = transitionChanges(ticket, event, nowIso(deps));
  const body = STATUS_NOTES[event.kind] ?? `Status changed to ${changes.status}.`;
  await appendMessage(
    deps,
    tx,
    ticket,
    { authorKind: 'system', authorUserId: null, authorName, isInternal: false, body, source: 'system' },
    [],
    [],
    changes,
  );
  return { ...ticket, ...changes };
}

export async function changeStatusAsCustomer(
  deps: SupportDeps,
  actor: CustomerActor,
  ticketId: string,
  event: Extract<TicketEvent, { kind: 'customer_close' | 'customer_reopen' }>,
) {
  const ticket = await loadTicket(deps, { kind: 'customer', customerId: actor.customerId }, ticketId);
  await deps.db.transaction().execute((tx) => applyStatusEvent(deps, tx, ticket, event, actor.name));
  return getCustomerTicket(deps, actor.customerId, ticketId);
}
