import type {
  DomainRegistrarTasksTable,
  DomainRegistrationsTable,
  DomainRemindersTable,
  DomainRenewalsTable,
  RegistrarTaskStatus,
  RenewalStatus,
} from '../../platform/index.js';
import type { DomainsDb } from './registration-deps.js';

export type RegistrationRow = DomainRegistrationsTable;
export type ReminderRow = DomainRemindersTable;
export type RenewalRow = DomainRenewalsTable;
export type RegistrarTaskRow = DomainRegistrarTasksTable;

/** A host's registration row, made once (a second insert for the host does nothing). */
export async function insertRegistrationIfAbsent(db: DomainsDb, row: RegistrationRow): Promise<void> {
  await db
    .insertInto('domain_registrations')
    .values(row)
    .onConflict((oc) => oc.column('host_id').doNothing())
    .execute();
}

export async function listRegistrationHostIds(db: DomainsDb): Promise<Set<string>> {
  const rows = await db.selectFrom('domain_registrations').select('host_id').execute();
  return new Set(rows.map((row) => row.host_id));
}

/** Registrations whose RDAP check is due, oldest first (the scheduler's sweep, across customers). */
export async function listDueRegistrations(
  db: DomainsDb,
  nowText: string,
  limit: number,
): Promise<RegistrationRow[]> {
  return db
    .selectFrom('domain_registrations')
    .selectAll()
    .where('next_check_at', '<=', nowText)
    .orderBy('next_check_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function findRegistrationByHost(
  db: DomainsDb,
  customerId: string,
  hostId: string,
): Promise<RegistrationRow | undefined> {
  return db
    .selectFrom('domain_registrations')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('host_id', '=', hostId)
    .executeTakeFirst();
}

export async function findRegistration(
  db: DomainsDb,
  customerId: string,
  id: string,
): Promise<RegistrationRow | undefined> {
  return db
    .selectFrom('domain_registrations')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listCustomerRegistrations(
  db: DomainsDb,
  customerId: string,
): Promise<RegistrationRow[]> {
  return db
    .selectFrom('domain_registrations')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('id')
    .execute();
}

/** Staff act across customers: one registration by its id alone. */
export async function findRegistrationForStaff(
  db: DomainsDb,
  id: string,
): Promise<RegistrationRow | undefined> {
  return db.selectFrom('domain_registrations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Staff: every registration, nearest expiry first (unknown ones last). */
export async function listAllRegistrations(db: DomainsDb): Promise<RegistrationRow[]> {
  const rows = await db.selectFrom('domain_registrations').selectAll().execute();
  return rows.sort((a, b) => (a.expires_at ?? '9999').localeCompare(b.expires_at ?? '9999'));
}

/** Auto-renewing registrations through the provider that expire before `beforeText`. */
export async function listRenewable(db: DomainsDb, beforeText: string): Promise<RegistrationRow[]> {
  return db
    .selectFrom('domain_registrations')
    .selectAll()
    .where('auto_renew', '=', 1)
    .where('is_through_provider', '=', 1)
    .where('domain', 'is not', null)
    .where('expires_at', 'is not', null)
    .where('expires_at', '<=', beforeText)
    .execute();
}

export async function updateRegistration(
  db: DomainsDb,
  customerId: string,
  id: string,
  changes: Partial<RegistrationRow>,
): Promise<void> {
  await db
    .updateTable('domain_registrations')
    .set(changes)
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .execute();
}

/** Records a reminder unless its key is taken; true when this call took it (and so sends it). */
export async function claimReminder(db: DomainsDb, row: ReminderRow): Promise<boolean> {
  const result = await db
    .insertInto('domain_reminders')
    .values(row)
    .onConflict((oc) => oc.column('reminder_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function listReminders(
  db: DomainsDb,
  customerId: string,
  registrationId: string,
): Promise<ReminderRow[]> {
  return db
    .selectFrom('domain_reminders')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('registration_id', '=', registrationId)
    .orderBy('sent_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function dismissReminder(
  db: DomainsDb,
  customerId: string,
  registrationId: string,
  nowText: string,
): Promise<void> {
  await db
    .updateTable('domain_reminders')
    .set({ dismissed_at: nowText })
    .where('customer_id', '=', customerId)
    .where('registration_id', '=', registrationId)
    .where('dismissed_at', 'is', null)
    .execute();
}

/** One renewal per registration and expiry: a second insert for the same expiry does nothing. */
export async function insertRenewalIfAbsent(db: DomainsDb, row: RenewalRow): Promise<boolean> {
  const result = await db
    .insertInto('domain_renewals')
    .values(row)
    .onConflict((oc) => oc.columns(['registration_id', 'cur_exp_date']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function listRenewalsByStatus(
  db: DomainsDb,
  statuses: readonly RenewalStatus[],
): Promise<RenewalRow[]> {
  return db
    .selectFrom('domain_renewals')
    .selectAll()
    .where('status', 'in', statuses)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function findRenewal(
  db: DomainsDb,
  customerId: string,
  id: string,
): Promise<RenewalRow | undefined> {
  return db
    .selectFrom('domain_renewals')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listRegistrationRenewals(
  db: DomainsDb,
  customerId: string,
  registrationId: string,
): Promise<RenewalRow[]> {
  return db
    .selectFrom('domain_renewals')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('registration_id', '=', registrationId)
    .orderBy('created_at', 'desc')
    .execute();
}

/**
 * Moves a renewal on only from the status the caller saw (and, with `leaseBefore`, only when no
 * attempt holds it): two workers never both take the same step. True when this call moved it.
 */
export async function transitionRenewal(
  db: DomainsDb,
  customerId: string,
  id: string,
  from: RenewalStatus,
  changes: Partial<RenewalRow>,
  leaseBefore?: string,
): Promise<boolean> {
  let query = db
    .updateTable('domain_renewals')
    .set(changes)
    .where('customer_id', '=', customerId)
    .where('id', '=', id)
    .where('status', '=', from);
  if (leaseBefore !== undefined)
    query = query.where((eb) =>
      eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', leaseBefore)]),
    );
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertTaskIfAbsent(db: DomainsDb, row: RegistrarTaskRow): Promise<void> {
  await db
    .insertInto('domain_registrar_tasks')
    .values(row)
    .onConflict((oc) => oc.column('renewal_id').doNothing())
    .execute();
}

/** Staff: the manual registrar's queue, oldest first; open tasks unless asked for all. */
export async function listTasks(
  db: DomainsDb,
  status: RegistrarTaskStatus | null,
): Promise<RegistrarTaskRow[]> {
  let query = db.selectFrom('domain_registrar_tasks').selectAll();
  if (status) query = query.where('status', '=', status);
  return query.orderBy('created_at').orderBy('id').execute();
}

export async function findTaskById(db: DomainsDb, id: string): Promise<RegistrarTaskRow | undefined> {
  return db.selectFrom('domain_registrar_tasks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function closeTask(
  db: DomainsDb,
  id: string,
  changes: Pick<RegistrarTaskRow, 'status' | 'new_expires_at' | 'note' | 'done_by' | 'done_at'>,
): Promise<boolean> {
  const result = await db
    .updateTable('domain_registrar_tasks')
    .set(changes)
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
