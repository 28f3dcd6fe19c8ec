import { appendMessage, withStoredFiles } from './append-message.js';
import { getCustomerTicket, getStaffTicket } from './get-ticket.js';
import { supportMailTemplates } from './mail-templates.js';
import { notifierFor } from './notify.js';
import type { CustomerActor, StaffActor } from './requester.js';
import { nowIso, type SupportDeps } from './support-deps.js';
import { loadTicket } from './ticket-access.js';
import type { StaffSettableStatus } from './ticket-states.js';
import { transitionChanges } from './ticket-transition.js';
import type { TicketRow } from './tickets.repository.js';
import { prepareUploads, type Upload } from './uploads.js';

export interface CustomerReply {
  body: string;
  logText?: string | undefined;
}

export interface InboundDetails {
  source: 'web' | 'email';
  emailMessageId?: string | null;
}

/** A customer's reply, from the dashboard or by email: moves the ticket back into the agents' court. */
export async function addCustomerReply(
  deps: SupportDeps,
  ticket: TicketRow,
  author: { userId: string | null; name: string },
  reply: CustomerReply,
  files: Upload[],
  inbound: InboundDetails,
): Promise<void> {
  const now = nowIso(deps);
  // An email cannot press "reopen": a reply by mail to a closed ticket reopens it, so no mail is lost.
  const current =
    ticket.status === 'closed' && inbound.source === 'email'
      ? { ...ticket, ...transitionChanges(ticket, { kind: 'customer_reopen' }, now) }
      : ticket;
  const changes = transitionChanges(current, { kind: 'customer_reply' }, now);
  const uploads = await prepareUploads(deps, { customerId: ticket.customer_id, ticketId: ticket.id }, files);
  const notify = await notifierFor(deps, ticket);
  await withStoredFiles(deps, ticket.customer_id, async (tx, written) => {
    await appendMessage(
      deps,
      tx,
      ticket,
      {
        authorKind: 'customer',
        authorUserId: author.userId,
        authorName: author.name,
        isInternal: false,
        body: reply.body,
        logText: reply.logText,
        source: inbound.source,
        emailMessageId: inbound.emailMessageId ?? null,
      },
      uploads,
      written,
      changes,
    );
    await notify.send(tx, supportMailTemplates.customer_replied, {
      ticket,
      authorName: author.name,
      body: reply.body,
      isByEmail: inbound.source === 'email',
    });
  });
}

export async function replyAsCustomer(
  deps: SupportDeps,
  actor: CustomerActor,
  ticketId: string,
  reply: CustomerReply,
  files: Upload[],
) {
  const ticket = await loadTicket(deps, { kind: 'customer', customerId: actor.customerId }, ticketId);
  await addCustomerReply(deps, ticket, { userId: actor.userId, name: actor.name }, reply, files, {
    source: 'web',
  });
  return getCustomerTicket(deps, actor.customerId, ticket.id);
}

export interface StaffReply {
  body: string;
  /** An internal note: visible to staff only, never emailed, and it leaves the status alone. */
  isInternal: boolean;
  /** The status after a public reply; waiting on the customer unless given. */
  status?: StaffSettableStatus | undefined;
}

export async function replyAsStaff(
  deps: SupportDeps,
  staff: StaffActor,
  ticketId: string,
  reply: StaffReply,
  files: Upload[],
) {
  const ticket = await loadTicket(deps, { kind: 'all' }, ticketId);
  const now = nowIso(deps);
  const changes: Partial<TicketRow> = reply.isInternal
    ? {}
    : {
        ...transitionChanges(ticket, { kind: 'staff_reply', status: reply.status }, now),
        // The agent who answers an unassigned ticket takes it, as osTicket's auto-claim does.
        assignee_id: ticket.assignee_id ?? staff.userId,
        ...(ticket.first_responded_at === null ? { first_responded_at: now, sla_warned_at: null } : {}),
      };
  const uploads = await prepareUploads(deps, { customerId: ticket.customer_id, ticketId: ticket.id }, files);
  const notify = await notifierFor(deps, ticket);
  await withStoredFiles(deps, ticket.customer_id, async (tx, written) => {
    await appendMessage(
      deps,
      tx,
      ticket,
      {
        authorKind: 'staff',
        authorUserId: staff.userId,
        authorName: staff.name,
        isInternal: reply.isInternal,
        body: reply.body,
        source: 'web',
      },
      uploads,
      written,
      changes,
    );
    if (!reply.isInternal) {
      await notify.send(tx, supportMailTemplates.staff_replied, {
        ticket,
        staffName: staff.name,
        body: reply.body,
        attachmentCount: uploads.length,
      });
    }
  });
  return getStaffTicket(deps, ticket.id, staff);
}
