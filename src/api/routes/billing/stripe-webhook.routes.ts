import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { ApiContext } from '../../context.js';
import { errors } from '../../schemas.js';

/**
 * Stripe's webhook. Its own plugin scope: the signature covers the exact bytes, so this route takes
 * the body raw instead of parsed JSON. No session or CSRF: the signature is the authentication.
 */
export function stripeWebhookRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    app.post(
      '/billing/webhooks/stripe',
      {
        schema: {
          tags: ['billing'],
          summary: 'Stripe webhook endpoint (Stripe-Signature checked)',
          response: { 200: Type.Object({ received: Type.Boolean(), duplicate: Type.Boolean() }), ...errors },
        },
      },
      async (request) => {
        const signature = request.headers['stripe-signature'];
        const { isDuplicate } = await ctx.billing.receiveStripeWebhook(
          request.body as Buffer,
          typeof signature === 'string' ? signature : '',
        );
        return { received: true, duplicate: isDuplicate };
      },
    );
  };
}
