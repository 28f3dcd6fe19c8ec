import { AppError } from '../lib/errors.js';
import { appendMessage, searchTextWith, withStoredFiles } from './append-message.js';
import { findDepartment } from './desk.repository.js';
import { getCustomerTicket } from './get-ticket.js';
import { supportMailTemplates } from './mail-templates.js';
import { notifierFor } from './notify.js';
import type { CustomerActor } from './requester.js';
import { initialDueTimes } from './sla.js';
import { HOUR_MS, isoAgo, nowIso, type SupportDeps } from './support-deps.js';
import { slaTargets, targetOf } from './ticket-access.js';
import type { TicketPriority } from './ticket-states.js';
import {
  countActiveTickets,
  countTicketsCreatedSince,
  insertTicket,
  type TicketRow,
} from './tickets.repository.js';
import { prepareUploads, type Upload } from './uploads.js';
import type { TicketDetail } from './views.js';

/** Fewer characters than this is rarely a description support can act on. */
export const MIN_DESCRIPTION_LENGTH = 30;

export interface NewTicket {
  departmentId: string;
  priority: TicketPriority;
  subject: string;
  description: string;
  logText?: string | undefined;
  hostId?: string | undefined;
  invoiceId?: string | undefined;
}

export async function createTicket(
  deps: SupportDeps,
  actor: CustomerActor,
  input: NewTicket,
  files: Upload[],
): Promise<TicketDetail> {
  const description = input.description.trim();
  if (description.length < MIN_DESCRIPTION_LENGTH) {
    throw new AppError('description_too_short', { details: { minLength: MIN_DESCRIPTION_LENGTH } });
  }
  const department = await findDepartment(deps.db, input.departmentId);
  if (!department || department.is_active !== 1) throw new AppError('department_not_found');
  // Both links are checked against the customer: a foreign host or invoice is simply "not found".
  if (input.hostId !== undefined)
    await deps.tenancy.hosts.get({ kind: 'customer', customerId: actor.customerId }, input.hostId);
  if (input.invoiceId !== undefined && deps.billing) {
    const invoice = await deps.billing.findInvoice(actor.customerId, input.invoiceId);
    if (!invoice) throw new AppError('invoice_not_found');
  }

  if ((await countActiveTickets(deps.db, actor.customerId)) >= deps.config.supportMaxOpenTickets) {
    throw new AppError('open_ticket_limit', { details: { max: deps.config.supportMaxOpenTickets } });
  }
  if (
    (await countTicketsCreatedSince(deps.db, actor.customerId, isoAgo(deps, HOUR_MS))) >=
    deps.config.supportTicketsPerHour
  ) {
    throw new AppError('ticket_rate_limited', { details: { perHour: deps.config.supportTicketsPerHour } });
  }
  const uploads = await prepareUploads(deps, { customerId: actor.customerId, ticketId: null }, files);
  const me = await deps.accounts.getMe(actor.userId, null);

  const now = nowIso(deps);
  const target = targetOf(await slaTargets(deps), input.priority);
  const ticket: TicketRow = {
    id: deps.newId('tkt'),
    customer_id: actor.customerId,
    requester_user_id: actor.userId,
    requester_email: actor.email,
    requester_name: actor.name,
    customer_name: me.customer?.name ?? actor.name,
    department_id: department.id,
    priority: input.priority,
    status: 'open',
    subject: input.subject.trim(),
    host_id: input.hostId ?? null,
    invoice_id: input.invoiceId ?? null,
    assignee_id: null,
    merged_into_id: null,
    search_text: '',
    ...initialDueTimes(now, target),
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
    created_at: now,
    updated_at: now,
  };
  ticket.search_text = searchTextWith(
    '',
    ticket.id,
    ticket.subject,
    ticket.requester_email,
    ticket.customer_name,
  );

  const notify = await notifierFor(deps, ticket);
  await withStoredFiles(deps, actor.customerId, async (tx, written) => {
    await insertTicket(tx, ticket);
    await appendMessage(
      deps,
      tx,
      ticket,
      {
        authorKind: 'customer',
        authorUserId: actor.userId,
        authorName: actor.name,
        isInternal: false,
        body: description,
        logText: input.logText,
        source: 'web',
      },
      uploads,
      written,
    );
    await notify.send(tx, supportMailTemplates.ticket_received, { ticket });
    await notify.send(tx, supportMailTemplates.ticket_opened, {
      ticket,
      departmentName: department.name,
      description,
    });
  });
  return getCustomerTicket(deps, actor.customerId, ticket.id);
}
