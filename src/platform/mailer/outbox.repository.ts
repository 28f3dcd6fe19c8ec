/**
 * SQL of the mail outbox. Every message is stored before anything is sent, so staff can read what
 * the product mailed even when no SMTP server is configured.
 */
import { insertRows, type PlatformDb, type OutboxTable } from '../db/index.js';

export type OutboxRow = OutboxTable;

export async function insertOutboxMessage(db: PlatformDb, row: OutboxRow): Promise<void> {
  await insertOutboxMessages(db, [row]);
}

/** Many messages in a few multi-row INSERTs. */
export async function insertOutboxMessages(db: PlatformDb, rows: OutboxRow[]): Promise<void> {
  await insertRows(db, 'outbox', rows);
}

export async function findOutboxMessage(db: PlatformDb, id: string): Promise<OutboxRow | undefined> {
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markOutboxSent(
  db: PlatformDb,
  sent: { id: string; messageId: string; now: string },
): Promise<void> {
  await db
    .updateTable('outbox')
    .set((eb) => ({
      status: 'sent',
      message_id: sent.messageId,
      sent_at: sent.now,
      attempts: eb('attempts', '+', 1),
      last_error: null,
    }))
    .where('id', '=', sent.id)
    .execute();
}

/** A failed delivery attempt; `isFinal` when no retry follows. */
export async function markOutboxAttemptFailed(
  db: PlatformDb,
  failure: { id: string; error: string; isFinal: boolean },
): Promise<void> {
  await db
    .updateTable('outbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: failure.error,
      ...(failure.isFinal ? { status: 'failed' as const } : {}),
    }))
    .where('id', '=', failure.id)
    .execute();
}

export async function listOutboxMessages(
  db: PlatformDb,
  window: { limit: number; before?: string | undefined },
): Promise<OutboxRow[]> {
  let select = db.selectFrom('outbox').selectAll();
  if (window.before) select = select.where('id', '<', window.before);
  return select.orderBy('id', 'desc').limit(window.limit).execute();
}
