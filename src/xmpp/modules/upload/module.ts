/**
 * XEP-0363 HTTP File Upload, served by each host's own domain and by `upload.<domain>`, one of the
 * domain's disco#items (addresses only XMPP uses, so they need no DNS name or certificate):
 * disco#info announces the feature and the largest file, and a member's slot request at either
 * gets a PUT and a GET URL on our HTTP port. The host plan's upload quota bounds what its members
 * store together; the module's HTTP routes (upload.routes.ts) take the PUT and serve the GET.
 */
import { StanzaError } from '../../stanza/index.js';
import { defineModule, option } from '../../core/index.js';
import { fileTooLarge, parseSlotRequest, serviceForm, slotElement, UPLOAD } from './upload-codec.js';
import { uploadRoutes } from './upload.routes.js';
import { createUploadService, uploadsRoot } from './upload-service.js';
import { createUploadsRepository } from './uploads.repository.js';

const MB = 1024 * 1024;
const inMb = (bytes: number) => (bytes / MB).toFixed(1).replace(/\.0$/, '');

export const uploadModule = defineModule({
  name: 'upload',
  implements: [
    {
      spec: 'XEP-0363',
      version: '1.1.0',
      note: "at the host's domain and at upload.<domain>, its disco item; the plan's upload quota applies",
    },
  ],
  // Clients find the service through disco#info and disco#items.
  requires: ['disco'],
  options: {
    slotValiditySeconds: option.integer({
      default: 300,
      min: 10,
      max: 3600,
      description: 'How long a slot accepts its PUT, in seconds (XEP-0363 §7 suggests about a minute).',
    }),
  },
  setup(ctx) {
    const { config, logger } = ctx;
    const uploads = createUploadService({
      repository: ctx.storage(createUploadsRepository),
      clock: ctx.clock,
      quotaMb: (hostId) => ctx.entitlement(hostId, 'uploadQuotaMb'),
      memberExists: (hostId, username) => ctx.members.memberExists(hostId, username),
      root: uploadsRoot(config.dataDir),
      publicUrl: config.publicUrl,
      maxFileBytes: config.uploadMaxFileBytes,
    });
    ctx.http(uploadRoutes({ uploads, hosts: ctx.hosts }));
    ctx.provide('storage-usage', {
      storedBytes: (hostId) => uploads.storedBytes(hostId),
      storedBytesByHost: () => uploads.storageBytesByHost(),
    });

    const failed = (hostId: string) => (error: unknown) =>
      logger.error({ err: error, hostId }, 'could not delete uploaded files');
    ctx.onTenancy('member.deleted', ({ hostId, username }) => {
      uploads.removeMember(hostId, username).catch(failed(hostId));
    });
    ctx.onTenancy('host.deleted', ({ hostId }) => {
      uploads.removeHost(hostId).catch(failed(hostId));
    });
    // Members and hosts the CLI deleted while the server was down, and uploads a crash cut short.
    ctx.onStart(() =>
      uploads
        .sweep()
        .catch((error: unknown) => logger.error({ err: error }, 'could not sweep uploaded files')),
    );

    // XEP-0363 §2: clients find the service by this identity as well as by the feature.
    const identity = { category: 'store', type: 'file', name: 'HTTP File Upload' };
    const form = serviceForm(uploads.maxFileBytes);
    // Conversations and most clients read the host domain's disco#info…
    ctx.identity(identity);
    ctx.feature(UPLOAD);
    ctx.discoForm(form);
    // …COMPAT(go-sendxmpp 0.5.6) and some others only the disco#info of its items (XEP-0363 §3):
    // upload.<domain> is the same service for them, slot requests included.
    ctx.service({ label: 'upload', identity, features: [UPLOAD], forms: [form] });

    ctx.iq({ target: 'host', type: 'get', xmlns: UPLOAD, name: 'request' }, async (request) => {
      const { origin, host } = request;
      // The quota is the host's, so only its own members may spend it.
      if (!origin || origin.host.id !== host.id)
        throw new StanzaError('not-allowed', {
          text: `Only members of ${host.domain} may upload files here.`,
        });
      const slotRequest = parseSlotRequest(request.payload);
      const result = await uploads.requestSlot({
        host,
        username: origin.username,
        request: slotRequest,
        validitySeconds: ctx.options.slotValiditySeconds,
      });
      switch (result.kind) {
        case 'slot':
          return slotElement(result.putUrl, result.getUrl);
        case 'too-large':
          throw fileTooLarge(
            result.maxBytes,
            result.reason === 'file'
              ? `File too large. The maximum file size is ${result.maxBytes} bytes.`
              : `File too large for this host's plan, whose upload quota is ${inMb(result.maxBytes)} MB.`,
          );
        case 'quota-reached':
          throw new StanzaError('resource-constraint', {
            text:
              `Upload quota reached: this host's plan allows ${inMb(result.quotaBytes)} MB of files ` +
              `and ${inMb(result.usedBytes)} MB are in use.`,
          });
      }
    });
  },
});
