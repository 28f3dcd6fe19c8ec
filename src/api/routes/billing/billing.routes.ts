import type { FastifyPluginAsync } from 'fastify';
import type { ApiContext } from '../../context.js';
import { customerBillingRoutes } from './customer-billing.routes.js';
import { staffCatalogRoutes } from './staff-catalog.routes.js';
import { staffCustomerRoutes } from './staff-customers.routes.js';
import { staffInvoiceRoutes } from './staff-invoices.routes.js';
import { staffPaymentRoutes } from './staff-payments.routes.js';
import { staffReportRoutes } from './staff-reports.routes.js';
import { staffSubscriptionRoutes } from './staff-subscriptions.routes.js';
import { stripeWebhookRoutes } from './stripe-webhook.routes.js';

/** Every billing route, mounted under /api/v1: the customer's own billing, staff's by resource, webhooks. */
export function billingRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (app) => {
    for (const routes of [
      customerBillingRoutes,
      staffCatalogRoutes,
      staffSubscriptionRoutes,
      staffInvoiceRoutes,
      staffPaymentRoutes,
      staffCustomerRoutes,
      staffReportRoutes,
      stripeWebhookRoutes,
    ])
      await app.register(routes(ctx));
  };
}
