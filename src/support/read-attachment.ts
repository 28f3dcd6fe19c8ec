import { AppError } from '../lib/errors.js';
import { findAttachment } from './messages.repository.js';
import type { SupportDeps } from './support-deps.js';
import { loadTicket } from './ticket-access.js';
import type { TicketScope } from './tickets.repository.js';

export interface AttachmentFile {
  fileName: string;
  contentType: string;
  isImage: boolean;
  data: Buffer;
}

/** The bytes of one attachment, after the caller's scope found the ticket (another customer's is "not found"). */
export async function readAttachment(
  deps: Pick<SupportDeps, 'db' | 'files'>,
  scope: TicketScope,
  ticketId: string,
  attachmentId: string,
  thumbnail: boolean,
): Promise<AttachmentFile> {
  const ticket = await loadTicket(deps, scope, ticketId);
  const row = await findAttachment(deps.db, ticket.customer_id, ticket.id, attachmentId, {
    includeInternal: scope.kind === 'all',
  });
  if (!row || (thumbnail && row.thumbnail_key === null)) throw new AppError('attachment_not_found');
  const key = thumbnail && row.thumbnail_key !== null ? row.thumbnail_key : row.storage_key;
  return {
    fileName: thumbnail ? row.file_name.replace(/\.[a-z0-9]+$/i, '.thumb.webp') : row.file_name,
    contentType: thumbnail ? 'image/webp' : row.content_type,
    isImage: thumbnail || row.content_type.startsWith('image/'),
    data: await deps.files.read(ticket.customer_id, key),
  };
}
