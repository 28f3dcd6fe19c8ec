import { listViewersSince, upsertViewer } from './desk.repository.js';
import { listAttachments, listMessages } from './messages.repository.js';
import type { StaffActor } from './requester.js';
import { slaView } from './sla.js';
import { nowIso, type SupportDeps } from './support-deps.js';
import { departmentMap, loadTicket, slaTargets, targetOf } from './ticket-access.js';
import type { TicketRow } from './tickets.repository.js';
import {
  toMessageView,
  toStaffTicketView,
  toTicketView,
  type StaffTicketDetail,
  type StaffTicketView,
  type TicketDetail,
  type Viewer,
} from './views.js';

/** Another agent counts as "also viewing" for this long after their last heartbeat. */
export const VIEWER_WINDOW_MS = 2 * 60_000;

async function thread(deps: Pick<SupportDeps, 'db'>, ticket: TicketRow, includeInternal: boolean) {
  const [messages, attachments] = await Promise.all([
    listMessages(deps.db, ticket.customer_id, ticket.id, { includeInternal }),
    listAttachments(deps.db, ticket.customer_id, ticket.id),
  ]);
  return messages.map((message) => toMessageView(message, attachments));
}

/** The customer's view: public messages only, internal notes are never read for it. */
export async function getCustomerTicket(
  deps: Pick<SupportDeps, 'db'>,
  customerId: string,
  ticketId: string,
): Promise<TicketDetail> {
  const ticket = await loadTicket(deps, { kind: 'customer', customerId }, ticketId);
  return {
    ticket: toTicketView(ticket, await departmentMap(deps)),
    messages: await thread(deps, ticket, false),
  };
}

export async function staffTicketView(
  deps: Pick<SupportDeps, 'db' | 'clock'>,
  ticket: TicketRow,
): Promise<StaffTicketView> {
  const sla = slaView(ticket, targetOf(await slaTargets(deps), ticket.priority), nowIso(deps));
  return toStaffTicketView(ticket, await departmentMap(deps), sla);
}

export type { Viewer };

/** Records that this agent is looking at the ticket and returns the other agents seen recently. */
export async function recordViewer(
  deps: Pick<SupportDeps, 'db' | 'clock'>,
  ticketId: string,
  staff: StaffActor,
): Promise<Viewer[]> {
  const now = nowIso(deps);
  await upsertViewer(deps.db, {
    ticket_id: ticketId,
    user_id: staff.userId,
    user_name: staff.name,
    seen_at: now,
  });
  const since = new Date(deps.clock.nowMs() - VIEWER_WINDOW_MS).toISOString();
  return (await listViewersSince(deps.db, ticketId, since))
    .filter((row) => row.user_id !== staff.userId)
    .map((row) => ({ userId: row.user_id, name: row.user_name, seenAt: row.seen_at }));
}

export async function getStaffTicket(
  deps: Pick<SupportDeps, 'db' | 'clock'>,
  ticketId: string,
  staff: StaffActor,
): Promise<StaffTicketDetail> {
  const ticket = await loadTicket(deps, { kind: 'all' }, ticketId);
  const otherViewers = await recordViewer(deps, ticket.id, staff);
  return {
    ticket: await staffTicketView(deps, ticket),
    messages: await thread(deps, ticket, true),
    otherViewers,
  };
}
