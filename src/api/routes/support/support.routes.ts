import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import type { ApiContext } from '../../context.js';
import { customerTicketRoutes } from './customer-tickets.routes.js';
import { deskSettingsRoutes } from './desk-settings.routes.js';
import { MAX_FILES_PER_MESSAGE } from './multipart-form.js';
import { staffTicketRoutes } from './staff-tickets.routes.js';

/** The support desk's routes. Multipart parsing is registered here, so only these routes accept it. */
export function supportRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (app) => {
    await app.register(multipart, {
      limits: {
        fileSize: ctx.config.supportMaxFileBytes,
        files: MAX_FILES_PER_MESSAGE,
        fields: 20,
        fieldSize: 300_000,
      },
    });
    await app.register(customerTicketRoutes(ctx));
    await app.register(staffTicketRoutes(ctx));
    await app.register(deskSettingsRoutes(ctx));
  };
}
