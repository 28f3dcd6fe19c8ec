/**
 * Attachments of one new message: checked and made safe before anything is stored (so a refused
 * file refuses the whole message), then written to the store and recorded with the message.
 */
import { AppError } from '../lib/errors.js';
import { makeUploadSafe, type SafeUpload } from './attachment-content.js';
import { insertAttachment, sumAttachmentBytes } from './messages.repository.js';
import type { SupportDeps, SupportDb } from './support-deps.js';

export interface Upload {
  fileName: string;
  data: Buffer;
}

export async function prepareUploads(
  deps: Pick<SupportDeps, 'db' | 'config'>,
  target: { customerId: string; ticketId: string | null },
  uploads: Upload[],
): Promise<SafeUpload[]> {
  const { supportMaxFileBytes, supportMaxTicketBytes } = deps.config;
  for (const upload of uploads) {
    if (upload.data.length > supportMaxFileBytes) {
      throw new AppError('attachment_too_large', {
        details: { fileName: upload.fileName, maxBytes: supportMaxFileBytes },
      });
    }
  }
  const safe: SafeUpload[] = [];
  for (const upload of uploads) safe.push(await makeUploadSafe(upload.fileName, upload.data));
  const existing =
    target.ticketId === null ? 0 : await sumAttachmentBytes(deps.db, target.customerId, target.ticketId);
  const total = existing + safe.reduce((sum, file) => sum + file.data.length, 0);
  if (total > supportMaxTicketBytes) {
    throw new AppError('ticket_attachments_too_large', {
      details: { maxBytes: supportMaxTicketBytes, existingBytes: existing },
    });
  }
  return safe;
}

/** Writes the files, then their rows in the caller's transaction; returns the keys to remove if that fails. */
export async function storeUploads(
  deps: Pick<SupportDeps, 'files' | 'newId' | 'clock'>,
  tx: SupportDb,
  owner: { customerId: string; ticketId: string; messageId: string },
  uploads: SafeUpload[],
  written: string[],
): Promise<void> {
  for (const upload of uploads) {
    const id = deps.newId('att');
    await deps.files.write(owner.customerId, id, upload.data);
    written.push(id);
    let thumbnailKey: string | null = null;
    if (upload.thumbnail) {
      thumbnailKey = `${id}.thumb`;
      await deps.files.write(owner.customerId, thumbnailKey, upload.thumbnail);
      written.push(thumbnailKey);
    }
    await insertAttachment(tx, {
      id,
      ticket_id: owner.ticketId,
      message_id: owner.messageId,
      customer_id: owner.customerId,
      file_name: upload.fileName,
      content_type: upload.contentType,
      size_bytes: upload.data.length,
      storage_key: id,
      thumbnail_key: thumbnailKey,
      width: upload.width,
      height: upload.height,
      created_at: deps.clock.now().toISOString(),
    });
  }
}
