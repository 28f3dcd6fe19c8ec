import type { FastifyPluginAsync } from 'fastify';
import type { ApiContext } from '../../context.js';
import { customerBillingRoutes } from './customer-billing.routes.js';
import { staffBillingRoutes } from './staff-billing.routes.js';
import { stripeWebhookRoutes } from './stripe-webhook.routes.js';

/** Every billing route, mounted under /api/v1. */
export function billingRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (app) => {
    for (const routes of [customerBillingRoutes, staffBillingRoutes, stripeWebhookRoutes])
      await app.register(routes(ctx));
  };
}
