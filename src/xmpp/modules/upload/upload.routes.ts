/**
 * The HTTP side of XEP-0363: `PUT` fills a slot, `GET`/`HEAD` serve the file, `OPTIONS` answers the
 * CORS preflight of browser clients. URLs are `/upload/<domain>/<slot id>/<secret>/<filename>`.
 * Bodies are streamed to disk, never buffered. Downloads are served so that an uploaded file cannot
 * act as a page of ours: nosniff, a sandboxing CSP, and `attachment` unless it is plain media.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../lib/errors.js';
import type { HostRecord, HostRegistry } from '../../core/index.js';
import type { StoredFile, UploadService } from './upload-service.js';

export interface UploadRoutesDeps {
  uploads: UploadService;
  hosts: Pick<HostRegistry, 'find'>;
}

interface SlotParams {
  domain: string;
  id: string;
  secret: string;
  filename: string;
}

const SLOT_PATH = '/upload/:domain/:id/:secret/:filename';

/** Web clients upload from and embed on other origins; no cookies are involved. */
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, HEAD, PUT, OPTIONS',
  'access-control-allow-headers': 'Authorization, Content-Type',
  'access-control-max-age': '86400',
};

const INLINE_TYPES = /^(image\/(png|jpeg|gif|webp|avif)|audio\/[\w.+-]+|video\/[\w.+-]+)\s*(;|$)/i;

/** RFC 6266: an ASCII fallback name and the exact name in RFC 8187 encoding. */
function contentDisposition(file: StoredFile): string {
  const kind = file.contentType && INLINE_TYPES.test(file.contentType) ? 'inline' : 'attachment';
  const fallback = file.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const exact = encodeURIComponent(file.filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${exact}`;
}

function contentLengthOf(request: FastifyRequest): number | null {
  const header = request.headers['content-length'];
  return header !== undefined && /^[0-9]{1,15}$/.test(header) ? Number(header) : null;
}

export function uploadRoutes(deps: UploadRoutesDeps): FastifyPluginAsync {
  return async (app) => {
    // Any body, as a stream: the service counts its bytes on the way to disk.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    app.addHook('onRequest', async (_request, reply) => {
      void reply.headers(CORS_HEADERS);
    });

    /**
     * The host behind a slot URL, for PUT and GET alike. A suspended host keeps its files but takes
     * and serves none until it is reactivated; a terminated or deleted one looks absent. The
     * registry forgets a host when its status changes, so this follows suspension at once.
     */
    async function activeHostOf(domain: string): Promise<HostRecord> {
      const host = await deps.hosts.find(domain);
      if (!host || host.status === 'terminated') throw new AppError('upload_not_found');
      if (host.status === 'suspended') throw new AppError('upload_host_suspended');
      return host;
    }

    app.put<{ Params: SlotParams }>(SLOT_PATH, async (request, reply) => {
      const { domain, id, secret, filename } = request.params;
      const host = await activeHostOf(domain);
      await deps.uploads.receive({
        hostId: host.id,
        id,
        secret,
        filename,
        contentLength: contentLengthOf(request),
        contentType: request.headers['content-type'] ?? null,
        body: request.raw,
      });
      return reply.code(201).send();
    });

    async function download(request: FastifyRequest<{ Params: SlotParams }>, reply: FastifyReply) {
      const { domain, id, secret, filename } = request.params;
      const host = await activeHostOf(domain);
      const file = await deps.uploads.open({ hostId: host.id, id, secret, filename });
      void reply
        .header('content-type', file.contentType ?? 'application/octet-stream')
        .header('content-length', String(file.size))
        .header('content-disposition', contentDisposition(file))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox; frame-ancestors 'none'")
        .header('cross-origin-resource-policy', 'cross-origin')
        // The URL names one immutable file; only the recipient's own cache may keep it.
        .header('cache-control', 'private, max-age=31536000, immutable');
      return reply.send(request.method === 'HEAD' ? undefined : file.read());
    }

    app.route<{ Params: SlotParams }>({
      method: ['GET', 'HEAD'],
      url: SLOT_PATH,
      exposeHeadRoute: false,
      handler: download,
    });

    app.options(SLOT_PATH, async (_request, reply) => reply.code(204).send());
  };
}
