/** Loading a ticket for a caller, and the desk lookups every view needs. */
import { AppError } from '../lib/errors.js';
import { listDepartments, listSlaTargets } from './desk.repository.js';
import type { SlaTarget } from './sla.js';
import type { SupportDeps } from './support-deps.js';
import type { TicketPriority } from './ticket-states.js';
import { findTicket, type TicketRow, type TicketScope } from './tickets.repository.js';
import { toDepartmentView, type DepartmentView } from './views.js';

/** Another customer's ticket is reported exactly like a missing one. */
export async function loadTicket(
  deps: Pick<SupportDeps, 'db'>,
  scope: TicketScope,
  ticketId: string,
): Promise<TicketRow> {
  const ticket = await findTicket(deps.db, scope, ticketId);
  if (!ticket) throw new AppError('ticket_not_found');
  return ticket;
}

export async function departmentMap(deps: Pick<SupportDeps, 'db'>): Promise<Map<string, DepartmentView>> {
  const rows = await listDepartments(deps.db, { activeOnly: false });
  return new Map(rows.map((row) => [row.id, toDepartmentView(row)]));
}

export async function slaTargets(deps: Pick<SupportDeps, 'db'>): Promise<Map<TicketPriority, SlaTarget>> {
  const rows = await listSlaTargets(deps.db);
  return new Map(
    rows.map((row) => [
      row.priority,
      { firstResponseMinutes: row.first_response_minutes, resolutionMinutes: row.resolution_minutes },
    ]),
  );
}

export function targetOf(targets: Map<TicketPriority, SlaTarget>, priority: TicketPriority): SlaTarget {
  const target = targets.get(priority);
  if (!target) throw new Error(`no SLA target for priority ${priority}`);
  return target;
}
