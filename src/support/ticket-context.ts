/**
 * The staff context panel: who the customer is, their IM hosts, their other tickets, and what billing
 * can tell (plan and subscription state per host, recent invoices) when the billing area provides it.
 */
import type { SupportDeps } from './support-deps.js';
import { departmentMap, loadTicket } from './ticket-access.js';
import { listTickets } from './tickets.repository.js';
import { toTicketView, type TicketContext } from './views.js';

export type { TicketContext };

export async function getTicketContext(deps: SupportDeps, ticketId: string): Promise<TicketContext> {
  const ticket = await loadTicket(deps, { kind: 'all' }, ticketId);
  const scope = { kind: 'customer', customerId: ticket.customer_id } as const;
  const [hosts, others, departments] = await Promise.all([
    deps.tenancy.hosts.listForCustomer(ticket.customer_id, { limit: 50 }),
    listTickets(deps.db, scope, {}, { limit: 11 }),
    departmentMap(deps),
  ]);
  const billing = deps.billing;
  return {
    customer: {
      id: ticket.customer_id,
      name: ticket.customer_name,
      requesterName: ticket.requester_name,
      requesterEmail: ticket.requester_email,
    },
    hosts: hosts.items,
    otherTickets: others
      .filter((row) => row.id !== ticket.id)
      .slice(0, 10)
      .map((row) => toTicketView(row, departments)),
    billingAvailable: billing !== null,
    subscriptions: billing ? await billing.subscriptions(ticket.customer_id) : [],
    recentInvoices: billing ? await billing.recentInvoices(ticket.customer_id, 5) : [],
    linkedInvoice:
      billing && ticket.invoice_id ? await billing.findInvoice(ticket.customer_id, ticket.invoice_id) : null,
  };
}
