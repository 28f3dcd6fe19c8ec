/** The desk's shared configuration: departments, canned responses, SLA targets, settings, viewers. */
import type {
  SupportCannedResponsesTable,
  SupportDepartmentsTable,
  SupportSlaTargetsTable,
  SupportTicketViewersTable,
} from '../platform/index.js';
import type { TicketPriority } from './ticket-states.js';
import type { SupportDb } from './support-deps.js';

export type DepartmentRow = SupportDepartmentsTable;
export type CannedResponseRow = SupportCannedResponsesTable;
export type SlaTargetRow = SupportSlaTargetsTable;
export type ViewerRow = SupportTicketViewersTable;

export async function listDepartments(
  db: SupportDb,
  options: { activeOnly: boolean },
): Promise<DepartmentRow[]> {
  return db
    .selectFrom('support_departments')
    .selectAll()
    .$if(options.activeOnly, (q) => q.where('is_active', '=', 1))
    .orderBy('sort_order')
    .orderBy('name')
    .execute();
}

export async function findDepartment(db: SupportDb, id: string): Promise<DepartmentRow | undefined> {
  return db.selectFrom('support_departments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findDepartmentByName(db: SupportDb, name: string): Promise<DepartmentRow | undefined> {
  return db.selectFrom('support_departments').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertDepartment(db: SupportDb, row: DepartmentRow): Promise<void> {
  await db.insertInto('support_departments').values(row).execute();
}

export async function updateDepartment(
  db: SupportDb,
  id: string,
  changes: Partial<Pick<DepartmentRow, 'name' | 'is_active' | 'sort_order' | 'updated_at'>>,
): Promise<void> {
  await db.updateTable('support_departments').set(changes).where('id', '=', id).execute();
}

export async function listCannedResponses(db: SupportDb): Promise<CannedResponseRow[]> {
  return db.selectFrom('support_canned_responses').selectAll().orderBy('title').execute();
}

export async function findCannedResponse(db: SupportDb, id: string): Promise<CannedResponseRow | undefined> {
  return db.selectFrom('support_canned_responses').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertCannedResponse(db: SupportDb, row: CannedResponseRow): Promise<void> {
  await db.insertInto('support_canned_responses').values(row).execute();
}

export async function updateCannedResponse(
  db: SupportDb,
  id: string,
  changes: Partial<Pick<CannedResponseRow, 'title' | 'body' | 'department_id' | 'updated_at'>>,
): Promise<void> {
  await db.updateTable('support_canned_responses').set(changes).where('id', '=', id).execute();
}

export async function deleteCannedResponse(db: SupportDb, id: string): Promise<number> {
  const result = await db.deleteFrom('support_canned_responses').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listSlaTargets(db: SupportDb): Promise<SlaTargetRow[]> {
  return db.selectFrom('support_sla_targets').selectAll().execute();
}

export async function updateSlaTarget(
  db: SupportDb,
  priority: TicketPriority,
  changes: Pick<SlaTargetRow, 'first_response_minutes' | 'resolution_minutes' | 'updated_at'>,
): Promise<void> {
  await db.updateTable('support_sla_targets').set(changes).where('priority', '=', priority).execute();
}

export async function findSetting(db: SupportDb, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('support_settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value;
}

/** Inserts unless the key exists; two processes racing both end up reading the winner's value. */
export async function insertSettingIfAbsent(db: SupportDb, key: string, value: string): Promise<void> {
  await db
    .insertInto('support_settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

export async function upsertViewer(db: SupportDb, row: ViewerRow): Promise<void> {
  await db
    .insertInto('support_ticket_viewers')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['ticket_id', 'user_id']).doUpdateSet({ seen_at: row.seen_at, user_name: row.user_name }),
    )
    .execute();
}

export async function listViewersSince(db: SupportDb, ticketId: string, since: string): Promise<ViewerRow[]> {
  return db
    .selectFrom('support_ticket_viewers')
    .selectAll()
    .where('ticket_id', '=', ticketId)
    .where('seen_at', '>=', since)
    .orderBy('seen_at', 'desc')
    .execute();
}
