/**
 * SQL of the append-only audit log. There is deliberately no update or delete here: an event, once
 * written, stays as it was. The customer path takes the customer id as a required argument, so an
 * unscoped customer read cannot be written by accident.
 */
import type { AuditEventsTable, PlatformDb } from '../db/index.js';

export type AuditEventRow = AuditEventsTable;

export async function insertAuditEvent(db: PlatformDb, row: AuditEventRow): Promise<void> {
  await db.insertInto('audit_events').values(row).execute();
}

interface Window {
  limit: number;
  before?: string | undefined;
}

/** Staff: every event, newest first. */
export async function listAllAuditEvents(db: PlatformDb, window: Window): Promise<AuditEventRow[]> {
  let select = db.selectFrom('audit_events').selectAll();
  if (window.before) select = select.where('id', '<', window.before);
  return select.orderBy('id', 'desc').limit(window.limit).execute();
}

/** One customer's events, newest first. */
export async function listCustomerAuditEvents(
  db: PlatformDb,
  customerId: string,
  window: Window,
): Promise<AuditEventRow[]> {
  let select = db.selectFrom('audit_events').selectAll().where('customer_id', '=', customerId);
  if (window.before) select = select.where('id', '<', window.before);
  return select.orderBy('id', 'desc').limit(window.limit).execute();
}
