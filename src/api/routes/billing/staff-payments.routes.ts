import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { ApiContext } from '../../context.js';
import { errors, pageOf } from '../../schemas.js';
import { CustomerIdParams } from './billing.schemas.js';
import { AmountWithReason, CreditNote } from './invoices.schemas.js';
import { AdminPaymentQuery, Payment } from './payments.schemas.js';
import { audit, billingStaff } from './staff-access.js';
import { tags } from './billing.schemas.js';

/** Staff list payments and refund them. */
export function staffPaymentRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { billing } = ctx;
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/admin/billing/payments',
      {
        schema: {
          tags,
          summary: 'Payments across customers (or of one), newest first',
          querystring: AdminPaymentQuery,
          response: { 200: pageOf(Payment), ...errors },
        },
        preHandler: billingStaff,
      },
      async (request) => billing.payments.listAll(request.query),
    );

    app.post(
      '/admin/billing/customers/:customerId/payments/:id/refund',
      {
        schema: {
          tags,
          summary: 'Refund (part of) a payment to its card, with a credit note',
          params: CustomerIdParams,
          body: AmountWithReason,
          response: { 201: CreditNote, ...errors },
        },
        preHandler: billingStaff,
        config: audit('billing.payment.refund', 'payment', 'id'),
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await billing.payments.refund(request.params.customerId, request.params.id, request.body)),
    );
  };
}
