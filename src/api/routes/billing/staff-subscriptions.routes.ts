import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { ApiContext } from '../../context.js';
import { errors, PageQuery, pageOf } from '../../schemas.js';
import { StartSubscription, Subscription } from './subscriptions.schemas.js';
import { audit, billingStaff } from './staff-access.js';
import { tags } from './billing.schemas.js';

/** Staff start a host's subscription and list every subscription. */
export function staffSubscriptionRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { billing } = ctx;
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/admin/billing/subscriptions',
      {
        schema: {
          tags,
          summary: "Start a host's subscription for a customer",
          body: StartSubscription,
          response: { 201: Subscription, ...errors },
        },
        preHandler: billingStaff,
        config: audit('billing.subscription.start', 'subscription'),
      },
      async (request, reply) => {
        const sub = await ctx.workflows.startHostSubscription(request.body);
        request.auditTarget = { type: 'subscription', id: sub.id, customerId: sub.customerId };
        return reply.code(201).send(sub);
      },
    );

    app.get(
      '/admin/billing/subscriptions',
      {
        schema: {
          tags,
          summary: 'Every subscription, newest first',
          querystring: PageQuery,
          response: { 200: pageOf(Subscription), ...errors },
        },
        preHandler: billingStaff,
      },
      async (request) => billing.subscriptions.listAll(request.query),
    );
  };
}
