import type { SupportTicketsTable } from '../platform/index.js';
import type { PageQuery } from '../platform/index.js';
import type { TicketPriority, TicketStatus } from './ticket-states.js';
import type { SupportDb } from './support-deps.js';

export type TicketRow = SupportTicketsTable;

/**
 * Which tickets a query may see: one customer's, or every customer's (staff, the auto-close sweep,
 * inbound mail after the reply token was checked). Every lookup by id takes it.
 */
export type TicketScope = { kind: 'customer'; customerId: string } | { kind: 'all' };

export interface TicketFilters {
  status?: TicketStatus[] | undefined;
  priority?: TicketPriority | undefined;
  departmentId?: string | undefined;
  /** A staff user id, or null for unassigned tickets. */
  assigneeId?: string | null | undefined;
  /** Lower-cased words that must all appear in the subject, the messages or the requester's email. */
  words?: string[] | undefined;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function insertTicket(db: SupportDb, row: TicketRow): Promise<void> {
  await db.insertInto('support_tickets').values(row).execute();
}

export async function findTicket(
  db: SupportDb,
  scope: TicketScope,
  ticketId: string,
): Promise<TicketRow | undefined> {
  return db
    .selectFrom('support_tickets')
    .selectAll()
    .where('id', '=', ticketId)
    .$if(scope.kind === 'customer', (q) =>
      q.where('customer_id', '=', scope.kind === 'customer' ? scope.customerId : ''),
    )
    .executeTakeFirst();
}

export async function listTickets(
  db: SupportDb,
  scope: TicketScope,
  filters: TicketFilters,
  page: PageQuery,
): Promise<TicketRow[]> {
  let query = db
    .selectFrom('support_tickets')
    .selectAll()
    .$if(scope.kind === 'customer', (q) =>
      q.where('customer_id', '=', scope.kind === 'customer' ? scope.customerId : ''),
    )
    .$if(filters.status !== undefined && filters.status.length > 0, (q) =>
      q.where('status', 'in', filters.status ?? []),
    )
    .$if(filters.priority !== undefined, (q) => q.where('priority', '=', filters.priority ?? 'normal'))
    .$if(filters.departmentId !== undefined, (q) => q.where('department_id', '=', filters.departmentId ?? ''))
    .$if(filters.assigneeId === null, (q) => q.where('assignee_id', 'is', null))
    .$if(typeof filters.assigneeId === 'string', (q) => q.where('assignee_id', '=', filters.assigneeId ?? ''))
    .$if(page.before !== undefined, (q) => q.where('id', '<', page.before ?? ''));
  for (const word of filters.words ?? []) {
    query = query.where((eb) => eb('search_text', 'like', `%${escapeLike(word)}%`));
  }
  return query
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
}

export async function updateTicket(
  db: SupportDb,
  scope: TicketScope,
  ticketId: string,
  changes: Partial<Omit<TicketRow, 'id' | 'customer_id' | 'created_at'>>,
): Promise<void> {
  await db
    .updateTable('support_tickets')
    .set(changes)
    .where('id', '=', ticketId)
    .$if(scope.kind === 'customer', (q) =>
      q.where('customer_id', '=', scope.kind === 'customer' ? scope.customerId : ''),
    )
    .execute();
}

export async function countActiveTickets(db: SupportDb, customerId: string): Promise<number> {
  const row = await db
    .selectFrom('support_tickets')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('customer_id', '=', customerId)
    .where('status', 'not in', ['resolved', 'closed', 'merged'])
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function countTicketsCreatedSince(
  db: SupportDb,
  customerId: string,
  since: string,
): Promise<number> {
  const row = await db
    .selectFrom('support_tickets')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('customer_id', '=', customerId)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** For the sweep: tickets in one status whose timestamp column is at or before `before`. */
export async function listTicketsDue(
  db: SupportDb,
  status: TicketStatus,
  column: 'waiting_since' | 'resolved_at',
  before: string,
  limit: number,
): Promise<TicketRow[]> {
  return db
    .selectFrom('support_tickets')
    .selectAll()
    .where('status', '=', status)
    .where(column, '<=', before)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * For the SLA sweep: running tickets of one priority, not warned yet, whose first response is due
 * before `firstResponseBefore` (and not given yet) or whose resolution is due before `resolutionBefore`.
 */
export async function listTicketsNearingDue(
  db: SupportDb,
  priority: TicketPriority,
  bounds: { firstResponseBefore: string; resolutionBefore: string },
  limit: number,
): Promise<TicketRow[]> {
  return db
    .selectFrom('support_tickets')
    .selectAll()
    .where('status', 'in', ['open', 'in_progress', 'customer_reply'])
    .where('priority', '=', priority)
    .where('sla_warned_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('first_responded_at', 'is', null),
          eb('first_response_due_at', '<=', bounds.firstResponseBefore),
        ]),
        eb('resolution_due_at', '<=', bounds.resolutionBefore),
      ]),
    )
    .orderBy('id')
    .limit(limit)
    .execute();
}
