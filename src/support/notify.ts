/**
 * The desk's outgoing mail, always through the platform mailer (outbox, then SMTP when configured).
 * Customer mail carries a signed Reply-To and a References thread id, so a reply finds its ticket;
 * all of it is marked Auto-Submitted (RFC 3834), so well-behaved auto-responders stay quiet and our
 * own inbound listener can recognise mail loops. Internal notes never pass through here.
 */
import type { DbOrTx, OutgoingMail } from '../platform/index.js';
import { BILLING_DEPARTMENT_ID } from './ask-billing-question.js';
import { replyAddressFor, threadIdFor } from './reply-address.js';
import type { SupportDeps } from './support-deps.js';
import type { TicketRow } from './tickets.repository.js';

export const AUTO_SUBMITTED_HEADERS = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' };

function ticketLink(deps: Pick<SupportDeps, 'config'>, ticket: TicketRow, forStaff: boolean): string {
  return `${deps.config.publicUrl}${forStaff ? '/admin/support/tickets/' : '/support/tickets/'}${ticket.id}`;
}

export function subjectFor(ticket: TicketRow, prefix = ''): string {
  return `${prefix}[${ticket.id}] ${ticket.subject}`;
}

export async function mailCustomer(
  deps: Pick<SupportDeps, 'mailer' | 'config' | 'supportAddress' | 'replyKey'>,
  tx: DbOrTx,
  ticket: TicketRow,
  mail: { subject: string; text: string },
): Promise<void> {
  const replyTo = replyAddressFor(await deps.replyKey(), deps.supportAddress, ticket.id);
  const thread = threadIdFor(deps.supportAddress, ticket.id);
  const footer = `\n\n--\nReply to this email to add to the ticket, or open it at ${ticketLink(deps, ticket, false)}`;
  const outgoing: OutgoingMail = {
    to: ticket.requester_email,
    subject: mail.subject,
    text: `${mail.text}${footer}`,
    headers: { ...AUTO_SUBMITTED_HEADERS, 'Reply-To': replyTo, References: thread, 'In-Reply-To': thread },
  };
  await deps.mailer.send(outgoing, { tx });
}

/** The assignee, or every admin and support agent (billing agents too for the Billing department). */
export async function agentAddresses(deps: Pick<SupportDeps, 'accounts'>, ticket: TicketRow): Promise<string[]> {
  const staff = (await deps.accounts.listStaff({ limit: 500 })).items;
  if (ticket.assignee_id) {
    const assignee = staff.find((user) => user.id === ticket.assignee_id);
    if (assignee) return [assignee.email];
  }
  const roles = ticket.department_id === BILLING_DEPARTMENT_ID ? ['admin', 'support', 'billing'] : ['admin', 'support'];
  return staff.filter((user) => user.staffRole !== null && roles.includes(user.staffRole)).map((user) => user.email);
}

export async function mailAgents(
  deps: Pick<SupportDeps, 'mailer' | 'config' | 'accounts' | 'supportAddress'>,
  tx: DbOrTx,
  ticket: TicketRow,
  mail: { subject: string; text: string },
): Promise<void> {
  const to = await agentAddresses(deps, ticket);
  if (to.length === 0) return;
  await deps.mailer.send(
    {
      to,
      subject: mail.subject,
      text: `${mail.text}\n\n--\nOpen the ticket: ${ticketLink(deps, ticket, true)}`,
      headers: { ...AUTO_SUBMITTED_HEADERS, References: threadIdFor(deps.supportAddress, ticket.id) },
    },
    { tx },
  );
}
