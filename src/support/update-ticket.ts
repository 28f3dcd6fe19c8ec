/**
 * Staff changes to a ticket's fields: status, priority, department and assignee. Every change leaves
 * a line in the thread (an internal one for the fields, a public one for the status), so the ticket
 * keeps its own history; resolving asks the customer for a rating by email.
 */
import { AppError } from '../lib/errors.js';
import { appendMessage } from './append-message.js';
import { applyStatusEvent } from './change-ticket-status.js';
import { findDepartment } from './desk.repository.js';
import { getStaffTicket } from './get-ticket.js';
import { supportMailTemplates } from './mail-templates.js';
import { notifierFor } from './notify.js';
import type { StaffActor } from './requester.js';
import type { SupportDeps } from './support-deps.js';
import { departmentMap, loadTicket, slaTargets, targetOf } from './ticket-access.js';
import type { StaffSettableStatus, TicketPriority } from './ticket-states.js';
import type { TicketRow } from './tickets.repository.js';

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

export async function updateTicketAsStaff(
  deps: SupportDeps,
  staff: StaffActor,
  ticketId: string,
  input: TicketChanges,
) {
  let ticket = await loadTicket(deps, { kind: 'all' }, ticketId);
  const changes: Partial<TicketRow> = {};
  const history: string[] = [];
  if (input.departmentId !== undefined && input.departmentId !== ticket.department_id) {
    if (!(await findDepartment(deps.db, input.departmentId))) throw new AppError('department_not_found');
    const names = await departmentMap(deps);
    changes.department_id = input.departmentId;
    history.push(
      `department ${names.get(ticket.department_id)?.name ?? '?'} → ${names.get(input.departmentId)?.name ?? '?'}`,
    );
  }
  if (input.assigneeId !== undefined && input.assigneeId !== ticket.assignee_id) {
    const staffList = (await deps.accounts.listStaff({ limit: 500 })).items;
    const assignee = staffList.find((user) => user.id === input.assigneeId);
    if (input.assigneeId !== null && !assignee) throw new AppError('assignee_not_staff');
    changes.assignee_id = input.assigneeId;
    history.push(assignee ? `assigned to ${assignee.name}` : 'unassigned');
  }
  if (input.priority !== undefined && input.priority !== ticket.priority) {
    history.push(`priority ${ticket.priority} → ${input.priority}`);
    // Moving the due times by the difference of the targets keeps any pause already credited.
    const targets = await slaTargets(deps);
    const before = targetOf(targets, ticket.priority);
    const after = targetOf(targets, input.priority);
    changes.priority = input.priority;
    changes.first_response_due_at = shift(
      ticket.first_response_due_at,
      after.firstResponseMinutes - before.firstResponseMinutes,
    );
    changes.resolution_due_at = shift(
      ticket.resolution_due_at,
      after.resolutionMinutes - before.resolutionMinutes,
    );
    changes.sla_warned_at = null;
  }
  const isResolving = input.status === 'resolved' && ticket.status !== 'resolved';
  const notify = isResolving ? await notifierFor(deps, ticket) : null;
  await deps.db.transaction().execute(async (tx) => {
    if (history.length > 0) {
      const note = {
        authorKind: 'system',
        authorUserId: staff.userId,
        authorName: staff.name,
        isInternal: true,
        source: 'system',
      } as const;
      await appendMessage(
        deps,
        tx,
        ticket,
        { ...note, body: `${staff.name} changed: ${history.join('; ')}.` },
        [],
        [],
        changes,
      );
      ticket = { ...ticket, ...changes };
    }
    if (input.status !== undefined && input.status !== ticket.status) {
      await applyStatusEvent(deps, tx, ticket, { kind: 'set_status', status: input.status }, staff.name);
    }
    await notify?.send(tx, supportMailTemplates.ticket_resolved, { ticket });
  });
  return getStaffTicket(deps, ticket.id, staff);
}
