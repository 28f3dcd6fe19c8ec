import type { FastifyPluginAsync } from 'fastify';
import type { ApiContext } from '../../context.js';
import { calendarRoutes } from './calendar.routes.js';
import { hostDomainRoutes } from './host-domain.routes.js';
import { staffDomainsRoutes } from './staff-domains.routes.js';

/** Every route of the customer's own domain, mounted under /api/v1. */
export function domainsRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (app) => {
    for (const routes of [hostDomainRoutes, staffDomainsRoutes, calendarRoutes])
      await app.register(routes(ctx));
  };
}
