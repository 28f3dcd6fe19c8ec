import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { ApiContext } from '../../context.js';
import { requireUser } from '../../plugins/auth.js';
import { errors } from '../../schemas.js';
import { tags } from './admin.schemas.js';

/** The XMPP WebSocket endpoint (RFC 7395) clients connect to on the dashboard's own origin. */
const WEBSOCKET_PATH = '/xmpp-websocket';

const ServerInfo = Type.Object({
  version: Type.String(),
  c2sPort: Type.Integer({ description: 'XMPP client port with STARTTLS.' }),
  c2sTlsPort: Type.Integer({ description: 'XMPP client port with direct TLS (XEP-0368).' }),
  websocketPath: Type.String(),
  publicUrl: Type.String(),
  hostedDomain: Type.Union([Type.String(), Type.Null()], {
    description:
      'The shared parent domain: hosts on a plan without a custom domain are `<label>.<hostedDomain>`. Null: any domain.',
  }),
});

/** What the dashboard tells people to type into their chat apps, from this installation's settings. */
export function serverInfoRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/server-info',
      {
        schema: {
          tags,
          summary: 'This server: version, XMPP client ports, WebSocket path and public URL',
          response: { 200: ServerInfo, ...errors },
        },
        preHandler: requireUser,
      },
      async () => ({
        version: ctx.version,
        c2sPort: ctx.config.c2sPort,
        c2sTlsPort: ctx.config.c2sTlsPort,
        websocketPath: WEBSOCKET_PATH,
        publicUrl: ctx.config.publicUrl,
        hostedDomain: ctx.config.hostedDomain ?? null,
      }),
    );
  };
}
