/**
 * XEP-0215 external service discovery: the STUN and TURN servers that audio and video calls
 * (Conversations, Dino, Monal) use, from the module's options, with time-limited TURN credentials
 * made from a secret shared with the TURN server (turn-credentials.ts). Only the server's own
 * users ask: the request comes over their session, and the credentials name them.
 */
import { formatBare, StanzaError, xml } from '../../stanza/index.js';
import { defineModule, option, type IqRequest } from '../../core/index.js';
import {
  EXTDISCO,
  needsCredentials,
  parseServiceUri,
  requestedService,
  SERVICE_URI,
  serviceElement,
  type ExternalService,
} from './external-services-codec.js';
import { turnCredentials } from './turn-credentials.js';

export const externalServicesModule = defineModule({
  name: 'external-services',
  implements: [
    {
      spec: 'XEP-0215',
      version: '1.0.0',
      note: 'STUN/TURN from the configuration; TURN credentials per the TURN REST API draft',
    },
  ],
  options: {
    services: option.list({
      default: [],
      maxItems: 20,
      items: { pattern: SERVICE_URI, description: 'STUN or TURN URIs' },
      description:
        'The STUN and TURN servers offered to clients, as URIs: `stun:stun.example.net`, `turn:turn.example.net:3478?transport=udp`, `turns:turn.example.net:5349?transport=tcp`.',
    }),
    turnSecret: option.string({
      default: '',
      description:
        "The secret shared with the TURN servers (coturn's `static-auth-secret`); without it, TURN services are offered without credentials.",
    }),
    credentialTtlSeconds: option.integer({
      default: 86_400,
      min: 60,
      max: 604_800,
      description: 'How long TURN credentials stay valid, in seconds.',
    }),
  },
  setup(ctx) {
    const { services, turnSecret, credentialTtlSeconds } = ctx.options;
    // The option's pattern already checked every URI.
    const configured = services.map((uri) => parseServiceUri(uri)!);
    if (configured.length === 0) return;
    ctx.feature(EXTDISCO);

    /** Credentials name the user who asks; only the server's own users do. */
    function userOf(request: IqRequest): string {
      if (!request.origin) throw new StanzaError('forbidden');
      return formatBare(request.origin.jid);
    }

    function describe(service: ExternalService, user: string) {
      if (!needsCredentials(service) || turnSecret === '') return serviceElement(service);
      return serviceElement(
        service,
        turnCredentials({ secret: turnSecret, user, now: ctx.clock.now(), ttlSeconds: credentialTtlSeconds }),
      );
    }

    ctx.iq({ target: 'host', type: 'get', xmlns: EXTDISCO, name: 'services' }, (request) => {
      const user = userOf(request);
      const { type } = requestedService(request.payload);
      const matching = configured.filter((service) => type === undefined || service.type === type);
      return xml(
        'services',
        { xmlns: EXTDISCO, ...(type !== undefined && { type }) },
        ...matching.map((service) => describe(service, user)),
      );
    });

    // XEP-0215 §3.3: fresh credentials for one service, when those in the list have expired.
    ctx.iq({ target: 'host', type: 'get', xmlns: EXTDISCO, name: 'credentials' }, (request) => {
      const user = userOf(request);
      const { type, host } = requestedService(request.payload);
      if (host === undefined) throw new StanzaError('bad-request', { text: 'name the service by its host' });
      const service = configured.find((s) => s.host === host && (type === undefined || s.type === type));
      if (!service) throw new StanzaError('item-not-found', { text: `no service at ${host.slice(0, 64)}` });
      return xml('credentials', { xmlns: EXTDISCO }, describe(service, user));
    });
  },
});
