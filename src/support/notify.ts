/**
 * The desk's outgoing mail, always through the platform mailer (outbox, then SMTP when configured).
 * Customer mail carries a signed Reply-To and a References thread id, so a reply finds its ticket;
 * all of it is marked Auto-Submitted (RFC 3834), so well-behaved auto-responders stay quiet and our
 * own inbound listener can recognise mail loops. Internal notes never pass through here.
 *
 * Recipients and the signing key are looked up before the caller's transaction opens (SQLite has one
 * connection, so a lookup outside the transaction would wait for it forever); the mails themselves
 * are stored inside it, so they exist exactly when the change they announce does.
 */
import type { OutgoingMail } from '../platform/index.js';
import { BILLING_DEPARTMENT_ID } from './ask-billing-question.js';
import type { MailTicket, SupportMailTemplate } from './mail-templates.js';
import { replyAddressFor, threadIdFor } from './reply-address.js';
import type { SupportDeps, SupportDb } from './support-deps.js';
import type { TicketRow } from './tickets.repository.js';

export const AUTO_SUBMITTED_HEADERS = {
  'Auto-Submitted': 'auto-generated',
  'X-Auto-Response-Suppress': 'All',
};

export interface Notifier {
  /** Stores the mail to the template's audience in the caller's transaction. */
  send<Input extends { ticket: MailTicket }>(
    tx: SupportDb,
    template: SupportMailTemplate<Input>,
    input: Input,
  ): Promise<void>;
}

/** The assignee, or every admin and support agent (billing agents too for the Billing department). */
export async function agentAddresses(
  deps: Pick<SupportDeps, 'accounts'>,
  ticket: Pick<TicketRow, 'assignee_id' | 'department_id'>,
): Promise<string[]> {
  const staff = (await deps.accounts.listStaff({ limit: 500 })).items;
  if (ticket.assignee_id) {
    const assignee = staff.find((user) => user.id === ticket.assignee_id);
    if (assignee) return [assignee.email];
  }
  const roles =
    ticket.department_id === BILLING_DEPARTMENT_ID ? ['admin', 'support', 'billing'] : ['admin', 'support'];
  return staff
    .filter((user) => user.staffRole !== null && roles.includes(user.staffRole))
    .map((user) => user.email);
}

export async function notifierFor(
  deps: Pick<SupportDeps, 'mailer' | 'config' | 'accounts' | 'supportAddress' | 'replyKey'>,
  ticket: TicketRow,
): Promise<Notifier> {
  const replyTo = replyAddressFor(await deps.replyKey(), deps.supportAddress, ticket.id);
  const agents = await agentAddresses(deps, ticket);
  const thread = threadIdFor(deps.supportAddress, ticket.id);
  return {
    async send(tx, template, input) {
      const content = template.render(input, deps.config.publicUrl);
      if (template.audience === 'customer') {
        const outgoing: OutgoingMail = {
          to: ticket.requester_email,
          ...content,
          headers: {
            ...AUTO_SUBMITTED_HEADERS,
            'Reply-To': replyTo,
            References: thread,
            'In-Reply-To': thread,
          },
        };
        await deps.mailer.send(outgoing, { tx });
      } else if (agents.length > 0) {
        await deps.mailer.send(
          { to: agents, ...content, headers: { ...AUTO_SUBMITTED_HEADERS, References: thread } },
          { tx },
        );
      }
    },
  };
}
