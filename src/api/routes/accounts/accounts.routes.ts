import type { FastifyPluginAsync } from 'fastify';
import type { ApiContext } from '../../context.js';
import { invitationsRoutes } from './invitations.routes.js';
import { meRoutes } from './me.routes.js';
import { sessionsRoutes } from './sessions.routes.js';
import { setupRoutes } from './setup.routes.js';
import { signInRoutes } from './sign-in.routes.js';
import { staffRoutes } from './staff.routes.js';
import { teamRoutes } from './team.routes.js';
import { tokensRoutes } from './tokens.routes.js';

/** Every accounts route, mounted under /api/v1. */
export function accountsRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (app) => {
    for (const routes of [
      signInRoutes,
      meRoutes,
      sessionsRoutes,
      tokensRoutes,
      teamRoutes,
      invitationsRoutes,
      staffRoutes,
      setupRoutes,
    ])
      await app.register(routes(ctx));
  };
}
