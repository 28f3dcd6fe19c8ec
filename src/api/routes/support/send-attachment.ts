/**
 * Serves an attachment's bytes. Images are shown inline; everything else is a download. Either way
 * the response may not run anything (a sandboxing CSP that loads nothing), the browser may not
 * guess another type (nosniff), and other sites may not embed it.
 */
import type { FastifyReply } from 'fastify';
import type { AttachmentFile } from '../../../support/index.js';

export const ATTACHMENT_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function sendAttachment(reply: FastifyReply, file: AttachmentFile): FastifyReply {
  return reply
    .header('content-type', file.contentType)
    .header('content-disposition', contentDisposition(file.isImage ? 'inline' : 'attachment', file.fileName))
    .header('content-security-policy', ATTACHMENT_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('cross-origin-resource-policy', 'same-origin')
    .header('cache-control', 'private, no-cache')
    .send(file.data);
}
