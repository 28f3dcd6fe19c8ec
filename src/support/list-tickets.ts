import { toPage, type Page, type PageQuery } from '../platform/index.js';
import { slaView } from './sla.js';
import { nowIso, type SupportDeps } from './support-deps.js';
import { departmentMap, slaTargets, targetOf } from './ticket-access.js';
import type { TicketPriority, TicketStatus } from './ticket-states.js';
import { listTickets } from './tickets.repository.js';
import { toStaffTicketView, toTicketView, type StaffTicketView, type TicketView } from './views.js';

export async function listCustomerTickets(
  deps: Pick<SupportDeps, 'db'>,
  customerId: string,
  query: PageQuery & { status?: TicketStatus[] | undefined },
): Promise<Page<TicketView>> {
  const rows = await listTickets(deps.db, { kind: 'customer', customerId }, { status: query.status }, query);
  const departments = await departmentMap(deps);
  return toPage(rows, query.limit, (row) => toTicketView(row, departments));
}

export interface QueueQuery extends PageQuery {
  status?: TicketStatus[] | undefined;
  priority?: TicketPriority | undefined;
  departmentId?: string | undefined;
  /** A staff id, or 'none' for the unassigned queue. */
  assignee?: string | undefined;
  /** Words that must all appear (case-insensitive) in the subject, any message, the requester or the ticket id. */
  search?: string | undefined;
}

export async function listQueue(
  deps: Pick<SupportDeps, 'db' | 'clock'>,
  query: QueueQuery,
): Promise<Page<StaffTicketView>> {
  const words = query.search?.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
  const rows = await listTickets(
    deps.db,
    { kind: 'all' },
    {
      status: query.status,
      priority: query.priority,
      departmentId: query.departmentId,
      assigneeId: query.assignee === 'none' ? null : query.assignee,
      words,
    },
    query,
  );
  const [departments, targets] = await Promise.all([departmentMap(deps), slaTargets(deps)]);
  const now = nowIso(deps);
  return toPage(rows, query.limit, (row) =>
    toStaffTicketView(row, departments, slaView(row, targetOf(targets, row.priority), now)),
  );
}
