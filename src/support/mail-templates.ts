/**
 * Every email the support desk sends. A customer's mail ends with how to answer and the ticket's
 * page in the dashboard, an agent's with the ticket's page in the staff queue; the notifier sends
 * each to its audience with the threading headers.
 */
import type { MailContent, MailTemplate, MailTemplateRegistry } from '../platform/index.js';
import type { TicketRow } from './tickets.repository.js';

/** What every support mail knows about its ticket. */
export type MailTicket = Pick<
  TicketRow,
  'id' | 'subject' | 'priority' | 'requester_name' | 'requester_email' | 'customer_name'
>;

export type Audience = 'customer' | 'agents';

export interface SupportMailTemplate<Input extends { ticket: MailTicket }> extends MailTemplate<Input> {
  readonly audience: Audience;
}

/** The dashboard page of a ticket, for each audience (web/src/app.tsx declares the routes). */
const ticketPage: Record<Audience, (ticketId: string) => string> = {
  customer: (ticketId) => `/support/tickets/${encodeURIComponent(ticketId)}`,
  agents: (ticketId) => `/staff/tickets/${encodeURIComponent(ticketId)}`,
};

const footers: Record<Audience, (page: string) => string> = {
  customer: (page) => `Reply to this email to add to the ticket, or open it at ${page}`,
  agents: (page) => `Open the ticket: ${page}`,
};

/** Every subject carries the ticket tag, which also threads a reply that lost its headers. */
function supportMail<Input extends { ticket: MailTicket }>(
  audience: Audience,
  template: { example: Input; write(input: Input): { subjectPrefix: string; text: string } },
): SupportMailTemplate<Input> {
  return {
    audience,
    example: template.example,
    render(input, publicUrl): MailContent {
      const { subjectPrefix, text } = template.write(input);
      const { id, subject } = input.ticket;
      return {
        subject: `${subjectPrefix}[${id}] ${subject}`,
        text: `${text}\n\n--\n${footers[audience](`${publicUrl}${ticketPage[audience](id)}`)}`,
      };
    },
  };
}

const ticket: MailTicket = {
  id: 'tkt_01kf0hj080x4kacr9qxvmprc00',
  subject: 'Clients time out when they sign in',
  priority: 'high',
  requester_name: 'Ada Lovelace',
  requester_email: 'ada@example.test',
  customer_name: 'Analytical Engines Ltd',
};

const rateInvitation = 'How did we do? Rate this ticket from 1 to 5 on its page in the dashboard.';

export const supportMailTemplates = {
  ticket_received: supportMail('customer', {
    example: { ticket },
    write: ({ ticket }: { ticket: MailTicket }) => ({
      subjectPrefix: 'Received: ',
      text: `Hello ${ticket.requester_name},\n\nwe received your request "${ticket.subject}" and will answer as soon as we can.`,
    }),
  }),
  ticket_opened: supportMail('agents', {
    example: {
      ticket,
      departmentName: 'Technical',
      description: 'Since this morning no client can sign in.',
    },
    write: (opened: { ticket: MailTicket; departmentName: string; description: string }) => ({
      subjectPrefix: `New ${opened.departmentName} ticket (${opened.ticket.priority}): `,
      text: `${opened.ticket.customer_name} (${opened.ticket.requester_email}) wrote:\n\n${opened.description}`,
    }),
  }),
  customer_replied: supportMail('agents', {
    example: { ticket, authorName: 'Ada Lovelace', body: 'It works again, thanks!', isByEmail: true },
    write: (reply: { ticket: MailTicket; authorName: string; body: string; isByEmail: boolean }) => ({
      subjectPrefix: 'Customer reply: ',
      text: `${reply.authorName} replied${reply.isByEmail ? ' by email' : ''}:\n\n${reply.body}`,
    }),
  }),
  staff_replied: supportMail('customer', {
    example: { ticket, staffName: 'Grace Hopper', body: 'Please check port 5222.', attachmentCount: 1 },
    write: (reply: { ticket: MailTicket; staffName: string; body: string; attachmentCount: number }) => {
      const count = reply.attachmentCount;
      const attached = count > 0 ? `\n\n(${count} attachment${count === 1 ? '' : 's'} in the ticket)` : '';
      return { subjectPrefix: 'Re: ', text: `${reply.staffName} wrote:\n\n${reply.body}${attached}` };
    },
  }),
  ticket_resolved: supportMail('customer', {
    example: { ticket },
    write: ({ ticket }: { ticket: MailTicket }) => ({
      subjectPrefix: 'Resolved: ',
      text:
        `Hello ${ticket.requester_name},\n\nwe consider this ticket resolved. Reply to this email if the problem is back.\n\n` +
        rateInvitation,
    }),
  }),
  ticket_auto_resolved: supportMail('customer', {
    example: { ticket, reopenDays: 7 },
    write: ({ ticket, reopenDays }: { ticket: MailTicket; reopenDays: number }) => ({
      subjectPrefix: 'Resolved: ',
      text:
        `Hello ${ticket.requester_name},\n\nwe have not heard back from you, so we marked this ticket resolved. ` +
        `Reply within ${reopenDays} days to reopen it.\n\n${rateInvitation}`,
    }),
  }),
  reply_reminder: supportMail('customer', {
    example: { ticket, daysLeft: 2 },
    write: ({ ticket, daysLeft }: { ticket: MailTicket; daysLeft: number }) => ({
      subjectPrefix: 'Waiting for your reply: ',
      text: `Hello ${ticket.requester_name},\n\nwe are waiting for your answer on this ticket. Without a reply it will be resolved in ${daysLeft} day${daysLeft === 1 ? '' : 's'}.`,
    }),
  }),
  sla_alert: supportMail('agents', {
    example: {
      ticket,
      isBreached: false,
      target: 'first response',
      dueAt: '15 Jan 2026, 13:00 (Europe/Berlin)',
      minutesLeft: 30,
    },
    write: (alert: {
      ticket: MailTicket;
      isBreached: boolean;
      target: 'first response' | 'resolution';
      /** Already written in the customer's time zone. */
      dueAt: string;
      minutesLeft: number | null;
    }) => ({
      subjectPrefix: alert.isBreached ? 'SLA breached: ' : 'SLA warning: ',
      text: `The ${alert.target} target of this ${alert.ticket.priority} ticket is due at ${alert.dueAt} (${alert.minutesLeft} minutes left).`,
    }),
  }),
} satisfies MailTemplateRegistry;
