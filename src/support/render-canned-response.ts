import { fillCannedVariables } from './canned-variables.js';
import { cannedResponseOrThrow } from './manage-canned-responses.js';
import type { StaffActor } from './requester.js';
import type { SupportDeps } from './support-deps.js';
import { loadTicket } from './ticket-access.js';
import type { RenderedCannedResponse } from './views.js';

/** The canned response filled in for one ticket, for the agent to edit before sending. */
export async function renderCannedResponse(
  deps: SupportDeps,
  staff: StaffActor,
  ticketId: string,
  cannedId: string,
): Promise<RenderedCannedResponse> {
  const ticket = await loadTicket(deps, { kind: 'all' }, ticketId);
  const canned = await cannedResponseOrThrow(deps, cannedId);
  // The ticket's host, or the customer's only host when the ticket names none.
  let domain: string | null = null;
  if (ticket.host_id) {
    domain = (await deps.tenancy.hosts.get({ kind: 'staff' }, ticket.host_id)).displayDomain;
  } else {
    const hosts = (await deps.tenancy.hosts.listForCustomer(ticket.customer_id, { limit: 2 })).items;
    if (hosts.length === 1 && hosts[0]) domain = hosts[0].displayDomain;
  }
  const body = fillCannedVariables(canned.body, {
    customer: {
      name: ticket.requester_name,
      email: ticket.requester_email,
      organization: ticket.customer_name,
    },
    ticket: { id: ticket.id, subject: ticket.subject },
    host: domain === null ? null : { domain },
    agent: { name: staff.name },
  });
  return { id: canned.id, title: canned.title, body };
}
