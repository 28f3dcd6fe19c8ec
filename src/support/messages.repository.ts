import type { SupportAttachmentsTable, SupportMessagesTable } from '../platform/index.js';
import type { SupportDb } from './support-deps.js';

export type MessageRow = SupportMessagesTable;
export type AttachmentRow = SupportAttachmentsTable;

export async function insertMessage(db: SupportDb, row: MessageRow): Promise<void> {
  await db.insertInto('support_messages').values(row).execute();
}

/** Internal notes are only read when the caller asks for them, which only staff routes do. */
export async function listMessages(
  db: SupportDb,
  customerId: string,
  ticketId: string,
  options: { includeInternal: boolean },
): Promise<MessageRow[]> {
  return db
    .selectFrom('support_messages')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('ticket_id', '=', ticketId)
    .$if(!options.includeInternal, (q) => q.where('is_internal', '=', 0))
    .orderBy('id')
    .execute();
}

export async function countEmailMessagesSince(
  db: SupportDb,
  customerId: string,
  ticketId: string,
  since: string,
): Promise<number> {
  const row = await db
    .selectFrom('support_messages')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('customer_id', '=', customerId)
    .where('ticket_id', '=', ticketId)
    .where('source', '=', 'email')
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function hasEmailMessage(
  db: SupportDb,
  customerId: string,
  ticketId: string,
  emailMessageId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('support_messages')
    .select('id')
    .where('customer_id', '=', customerId)
    .where('ticket_id', '=', ticketId)
    .where('email_message_id', '=', emailMessageId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertAttachment(db: SupportDb, row: AttachmentRow): Promise<void> {
  await db.insertInto('support_attachments').values(row).execute();
}

export async function listAttachments(
  db: SupportDb,
  customerId: string,
  ticketId: string,
): Promise<AttachmentRow[]> {
  return db
    .selectFrom('support_attachments')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('ticket_id', '=', ticketId)
    .orderBy('id')
    .execute();
}

/** An attachment of a note is found only when the caller may see notes (staff). */
export async function findAttachment(
  db: SupportDb,
  customerId: string,
  ticketId: string,
  attachmentId: string,
  options: { includeInternal: boolean },
): Promise<AttachmentRow | undefined> {
  return db
    .selectFrom('support_attachments')
    .innerJoin('support_messages', 'support_messages.id', 'support_attachments.message_id')
    .selectAll('support_attachments')
    .where('support_attachments.customer_id', '=', customerId)
    .where('support_attachments.ticket_id', '=', ticketId)
    .where('support_attachments.id', '=', attachmentId)
    .$if(!options.includeInternal, (q) => q.where('support_messages.is_internal', '=', 0))
    .executeTakeFirst();
}

export async function sumAttachmentBytes(
  db: SupportDb,
  customerId: string,
  ticketId: string,
): Promise<number> {
  const row = await db
    .selectFrom('support_attachments')
    .select((eb) => eb.fn.sum<number>('size_bytes').as('total'))
    .where('customer_id', '=', customerId)
    .where('ticket_id', '=', ticketId)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

/** Merging: the thread and its files move to the surviving ticket of the same customer. */
export async function moveThread(
  db: SupportDb,
  customerId: string,
  fromTicketId: string,
  toTicketId: string,
): Promise<void> {
  await db
    .updateTable('support_messages')
    .set({ ticket_id: toTicketId })
    .where('customer_id', '=', customerId)
    .where('ticket_id', '=', fromTicketId)
    .execute();
  await db
    .updateTable('support_attachments')
    .set({ ticket_id: toTicketId })
    .where('customer_id', '=', customerId)
    .where('ticket_id', '=', fromTicketId)
    .execute();
}
