import { nowIso, type IncidentsDeps } from './incidents-deps.js';
import { incidentsRepository } from './incidents.repository.js';

export interface NewTicketRef {
  ticketId: string;
  customerId: string;
  subject: string;
  /** The host the ticket is about; null: any of the customer's hosts. */
  hostId: string | null;
}

/**
 * Links a ticket just opened to every open incident that affects its customer (or the host it
 * names), so staff answering it see the outage and the incident lists who wrote in.
 */
export async function linkTicket(deps: IncidentsDeps, ticket: NewTicketRef): Promise<number> {
  const repository = incidentsRepository(deps.db);
  const open = await repository.listOpenForTicket(ticket.customerId, ticket.hostId);
  const linkedAt = nowIso(deps);
  await repository.linkTickets(
    open.map(({ id }) => ({
      incident_id: id,
      ticket_id: ticket.ticketId,
      customer_id: ticket.customerId,
      subject: ticket.subject,
      linked_at: linkedAt,
    })),
  );
  return open.length;
}
