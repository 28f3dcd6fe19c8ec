import { AppError } from '../lib/errors.js';
import { getCustomerTicket } from './get-ticket.js';
import type { CustomerActor } from './requester.js';
import { nowIso, type SupportDeps } from './support-deps.js';
import { loadTicket } from './ticket-access.js';
import { updateTicket } from './tickets.repository.js';

/**
 * A 1–5 satisfaction score, once, after the ticket is resolved. It is recorded only by this POST
 * from the signed-in dashboard, never by opening a link, so mail scanners cannot rate for anyone.
 */
export async function rateTicket(
  deps: SupportDeps,
  actor: CustomerActor,
  ticketId: string,
  input: { score: number; comment?: string | undefined },
) {
  const scope = { kind: 'customer', customerId: actor.customerId } as const;
  const ticket = await loadTicket(deps, scope, ticketId);
  if (ticket.status !== 'resolved' && ticket.status !== 'closed') throw new AppError('ticket_not_resolved');
  if (ticket.rating !== null) throw new AppError('ticket_already_rated');
  const now = nowIso(deps);
  await updateTicket(deps.db, scope, ticket.id, {
    rating: input.score,
    rating_comment: input.comment?.trim() || null,
    rated_at: now,
    updated_at: now,
  });
  return getCustomerTicket(deps, actor.customerId, ticket.id);
}
