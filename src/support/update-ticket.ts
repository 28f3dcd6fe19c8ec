/** Staff changes to a ticket's fields: status, priority, department and assignee. */
import { AppError } from '../lib/errors.js';
import { applyStatusEvent } from './change-ticket-status.js';
import { findDepartment } from './desk.repository.js';
import { getStaffTicket } from './get-ticket.js';
import type { StaffActor } from './requester.js';
import { nowIso, type SupportDeps } from './support-deps.js';
import { loadTicket, slaTargets, targetOf } from './ticket-access.js';
import type { StaffSettableStatus, TicketPriority } from './ticket-states.js';
import { updateTicket, type TicketRow } from './tickets.repository.js';

export interface TicketChanges {
  status?: StaffSettableStatus | undefined;
  priority?: TicketPriority | undefined;
  departmentId?: string | undefined;
  /** A staff user id, or null to unassign. */
  assigneeId?: string | null | undefined;
}

function shift(iso: string | null, minutes: number): string | null {
  return iso === null ? null : new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

export async function updateTicketAsStaff(deps: SupportDeps, staff: StaffActor, ticketId: string, input: TicketChanges) {
  let ticket = await loadTicket(deps, { kind: 'all' }, ticketId);
  const changes: Partial<TicketRow> = {};
  if (input.departmentId !== undefined && input.departmentId !== ticket.department_id) {
    if (!(await findDepartment(deps.db, input.departmentId))) throw new AppError('department_not_found');
    changes.department_id = input.departmentId;
  }
  if (input.assigneeId !== undefined && input.assigneeId !== ticket.assignee_id) {
    if (input.assigneeId !== null) {
      const staffList = (await deps.accounts.listStaff({ limit: 500 })).items;
      if (!staffList.some((user) => user.id === input.assigneeId)) throw new AppError('assignee_not_staff');
    }
    changes.assignee_id = input.assigneeId;
  }
  if (input.priority !== undefined && input.priority !== ticket.priority) {
    // Moving the due times by the difference of the targets keeps any pause already credited.
    const targets = await slaTargets(deps);
    const before = targetOf(targets, ticket.priority);
    const after = targetOf(targets, input.priority);
    changes.priority = input.priority;
    changes.first_response_due_at = shift(ticket.first_response_due_at, after.firstResponseMinutes - before.firstResponseMinutes);
    changes.resolution_due_at = shift(ticket.resolution_due_at, after.resolutionMinutes - before.resolutionMinutes);
    changes.sla_warned_at = null;
  }
  await deps.db.transaction().execute(async (tx) => {
    if (Object.keys(changes).length > 0) {
      await updateTicket(tx, { kind: 'all' }, ticket.id, { ...changes, updated_at: nowIso(deps) });
      ticket = { ...ticket, ...changes };
    }
    if (input.status !== undefined && input.status !== ticket.status) {
      await applyStatusEvent(deps, tx, ticket, { kind: 'set_status', status: input.status }, staff.name);
    }
  });
  return getStaffTicket(deps, ticket.id, staff);
}
