import { AppError } from '../lib/errors.js';
import { appendMessage, searchTextWith } from './append-message.js';
import { getStaffTicket } from './get-ticket.js';
import { moveThread } from './messages.repository.js';
import type { StaffActor } from './requester.js';
import { nowIso, type SupportDeps } from './support-deps.js';
import { loadTicket } from './ticket-access.js';
import { transitionChanges } from './ticket-transition.js';
import { updateTicket } from './tickets.repository.js';

/**
 * Merges a duplicate into the ticket that stays: the duplicate's messages and files move over, the
 * duplicate ends as `merged` pointing at the survivor. Only tickets of the same customer merge, so a
 * thread can never leak into another customer's ticket.
 */
export async function mergeTickets(deps: SupportDeps, staff: StaffActor, sourceId: string, targetId: string) {
  const source = await loadTicket(deps, { kind: 'all' }, sourceId);
  const target = await loadTicket(deps, { kind: 'all' }, targetId);
  if (
    source.id === target.id ||
    source.customer_id !== target.customer_id ||
    source.status === 'merged' ||
    target.status === 'merged'
  ) {
    throw new AppError('ticket_merge_invalid', { details: { sourceId, targetId } });
  }
  const now = nowIso(deps);
  const scope = { kind: 'customer', customerId: source.customer_id } as const;
  await deps.db.transaction().execute(async (tx) => {
    await moveThread(tx, source.customer_id, source.id, target.id);
    await updateTicket(tx, scope, source.id, {
      ...transitionChanges(source, { kind: 'merge' }, now),
      merged_into_id: target.id,
    });
    await appendMessage(
      deps,
      tx,
      target,
      {
        authorKind: 'system',
        authorUserId: null,
        authorName: staff.name,
        isInternal: false,
        body: `Ticket ${source.id} ("${source.subject}") was merged into this one.`,
        source: 'system',
      },
      [],
      [],
      { search_text: searchTextWith(target.search_text, source.search_text) },
    );
  });
  return getStaffTicket(deps, target.id, staff);
}
