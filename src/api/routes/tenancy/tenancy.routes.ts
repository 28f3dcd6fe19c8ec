import type { FastifyPluginAsync } from 'fastify';
import type { ApiContext } from '../../context.js';
import { certificatesRoutes } from './certificates.routes.js';
import { chatRoomsRoutes } from './chat-rooms.routes.js';
import { hostsRoutes } from './hosts.routes.js';
import { membersRoutes } from './members.routes.js';
import { memberTroubleshootingRoutes } from './member-troubleshooting.routes.js';

/** Every tenancy route (IM hosts and their members), mounted under /api/v1. */
export function tenancyRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (app) => {
    for (const routes of [
      hostsRoutes,
      membersRoutes,
      memberTroubleshootingRoutes,
      chatRoomsRoutes,
      certificatesRoutes,
    ])
      await app.register(routes(ctx));
  };
}
