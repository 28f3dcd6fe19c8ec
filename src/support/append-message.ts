/**
 * Adds one message (with its attachments) to a ticket and applies the ticket's changes, in one
 * transaction. Attachment files are written first; if the transaction fails they are removed again.
 */
import type { SafeUpload } from './attachment-content.js';
import { insertMessage, type MessageRow } from './messages.repository.js';
import { redactSecrets } from './redact-secrets.js';
import { renderMarkdown } from './render-markdown.js';
import type { SupportDeps, SupportDb, SupportTx } from './support-deps.js';
import { updateTicket, type TicketRow } from './tickets.repository.js';
import { storeUploads } from './uploads.js';

export interface NewMessage {
  authorKind: MessageRow['author_kind'];
  authorUserId: string | null;
  authorName: string;
  isInternal: boolean;
  body: string;
  logText?: string | null | undefined;
  source: MessageRow['source'];
  emailMessageId?: string | null | undefined;
}

/** Search looks at lower-cased text; the column is capped so a very long thread cannot grow it forever. */
const SEARCH_TEXT_LIMIT = 200_000;

export function searchTextWith(current: string, ...parts: (string | null | undefined)[]): string {
  const added = parts
    .filter((part): part is string => Boolean(part))
    .join(' ')
    .toLowerCase();
  return `${current} ${added}`.slice(0, SEARCH_TEXT_LIMIT);
}

export async function withStoredFiles<T>(
  deps: Pick<SupportDeps, 'db' | 'files'>,
  customerId: string,
  work: (tx: SupportTx, written: string[]) => Promise<T>,
): Promise<T> {
  const written: string[] = [];
  try {
    return await deps.db.transaction().execute((tx) => work(tx, written));
  } catch (error) {
    await Promise.all(written.map((key) => deps.files.remove(customerId, key)));
    throw error;
  }
}

export async function appendMessage(
  deps: Pick<SupportDeps, 'files' | 'newId' | 'clock'>,
  tx: SupportDb,
  ticket: TicketRow,
  message: NewMessage,
  uploads: SafeUpload[],
  written: string[],
  ticketChanges: Partial<TicketRow> = {},
): Promise<MessageRow> {
  const now = deps.clock.now().toISOString();
  const logText = message.logText?.trim() ? redactSecrets(message.logText) : null;
  const row: MessageRow = {
    id: deps.newId('tmsg'),
    ticket_id: ticket.id,
    customer_id: ticket.customer_id,
    author_kind: message.authorKind,
    author_user_id: message.authorUserId,
    author_name: message.authorName,
    is_internal: message.isInternal ? 1 : 0,
    body: message.body,
    body_html: renderMarkdown(message.body),
    log_text: logText,
    source: message.source,
    email_message_id: message.emailMessageId ?? null,
    created_at: now,
  };
  await insertMessage(tx, row);
  await storeUploads(
    deps,
    tx,
    { customerId: ticket.customer_id, ticketId: ticket.id, messageId: row.id },
    uploads,
    written,
  );
  await updateTicket(tx, { kind: 'customer', customerId: ticket.customer_id }, ticket.id, {
    updated_at: now,
    ...ticketChanges,
    search_text: searchTextWith(ticketChanges.search_text ?? ticket.search_text, message.body, logText),
  });
  return row;
}
