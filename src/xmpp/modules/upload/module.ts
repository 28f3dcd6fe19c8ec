/**
 * XEP-0363 HTTP File Upload, served by each host's own domain (so it needs no extra DNS name or
 * certificate): disco#info announces the feature and the largest file, and a member's slot request
 * gets a PUT and a GET URL on our HTTP port. The host plan's upload quota bounds what its members
 * store together; the HTTP side (transports/upload-http.ts) takes the PUT and serves the GET.
 */
import { StanzaError } from '../../stanza/index.js';
import { defineModule, type XmppModule } from '../../core/index.js';
import { fileTooLarge, parseSlotRequest, serviceForm, slotElement, UPLOAD } from './upload-codec.js';
import type { UploadService } from './upload-service.js';

const MB = 1024 * 1024;
const inMb = (bytes: number) => (bytes / MB).toFixed(1).replace(/\.0$/, '');

export function uploadModule(uploads: UploadService): XmppModule {
  return defineModule({
    name: 'upload',
    implements: [
      {
        spec: 'XEP-0363',
        version: '1.1.0',
        note: "the host's domain is the upload service; the plan's upload quota applies",
      },
    ],
    options: {
      slotValiditySeconds: {
        default: 300,
        min: 10,
        max: 3600,
        description: 'How long a slot accepts its PUT (XEP-0363 §7 suggests about a minute).',
      },
    },
    setup(api) {
      // XEP-0363 §2: clients find the service by this identity as well as by the feature.
      api.identity({ category: 'store', type: 'file', name: 'HTTP File Upload' });
      api.feature(UPLOAD);
      api.discoForm(serviceForm(uploads.maxFileBytes));

      api.iq({ target: 'host', type: 'get', xmlns: UPLOAD, name: 'request' }, async (request) => {
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
          validitySeconds: api.options.slotValiditySeconds,
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
}
