import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { ApiContext } from '../../context.js';
import { requireCustomer } from '../../plugins/auth.js';
import { errors, NoContent, PageQuery, pageOf } from '../../schemas.js';
import { IdParams } from './billing.schemas.js';
import { Plan } from './catalog.schemas.js';
import { Profile, ProfileChanges } from './customers.schemas.js';
import { Invoice, InvoiceListQuery, InvoiceSummary } from './invoices.schemas.js';
import { CardCollection, CardSetup, NewPaymentMethod, Payment, PaymentMethod } from './payments.schemas.js';
import {
  CancelBody,
  CancelResult,
  ChangePlanBody,
  ChangeResult,
  Subscription,
  Usage,
} from './subscriptions.schemas.js';

const tags = ['billing'];
/** Owners always pass; admins and billing users manage money, any member may look. */
const canManage = requireCustomer('admin', 'billing');
const canRead = requireCustomer();

/** What a customer sees and does about its own billing. Every call is scoped to request.auth.customerId. */
export function customerBillingRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { billing } = ctx;
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const customerOf = (request: { auth: { customerId: string | null } | null }) => request.auth!.customerId!;

    app.get(
      '/plans',
      {
        schema: {
          tags,
          summary: 'The plans on sale, with their current prices',
          security: [],
          response: { 200: Type.Array(Plan), ...errors },
        },
      },
      async () => billing.catalog.listPublic(),
    );

    app.get(
      '/subscriptions',
      {
        schema: {
          tags,
          summary:
            "My organisation's subscriptions, each with its next billing date and amount and the coming cycles",
          response: { 200: Type.Array(Subscription), ...errors },
        },
        preHandler: canRead,
      },
      async (request) => billing.subscriptions.list(customerOf(request)),
    );

    app.get(
      '/subscriptions/:id',
      {
        schema: {
          tags,
          summary: 'One subscription with its timeline',
          params: IdParams,
          response: { 200: Subscription, ...errors },
        },
        preHandler: canRead,
      },
      async (request) => billing.subscriptions.get(customerOf(request), request.params.id),
    );

    app.get(
      '/subscriptions/:id/usage',
      {
        schema: {
          tags,
          summary: 'Pay-as-you-go usage so far this period, with its amount before tax',
          params: IdParams,
          response: { 200: Usage, ...errors },
        },
        preHandler: canRead,
      },
      async (request) => billing.subscriptions.usage(customerOf(request), request.params.id),
    );

    app.post(
      '/subscriptions/:id/change-plan',
      {
        schema: {
          tags,
          summary: 'Change plan, cycle or seats (preview: true for the exact quote)',
          description:
            'Upgrades and seat changes apply at once with a prorated invoice (by the second); cheaper plans and cycle switches apply from the next period not yet invoiced. ' +
            'The preview is computed by the same code as the change, so its amounts match the invoice to the cent.',
          params: IdParams,
          body: ChangePlanBody,
          response: { 200: ChangeResult, ...errors },
        },
        preHandler: canManage,
        config: {
          audit: { action: 'billing.subscription.change', targetType: 'subscription', targetParam: 'id' },
        },
      },
      async (request) => {
        const { preview, ...change } = request.body;
        return billing.subscriptions.change(customerOf(request), request.params.id, {
          ...change,
          preview: preview ?? false,
        });
      },
    );

    app.post(
      '/subscriptions/:id/cancel',
      {
        schema: {
          tags,
          summary: 'Cancel now or at the end of the current period',
          description: 'Time already invoiced but not used comes back as account credit.',
          params: IdParams,
          body: CancelBody,
          response: { 200: CancelResult, ...errors },
        },
        preHandler: canManage,
        config: {
          audit: { action: 'billing.subscription.cancel', targetType: 'subscription', targetParam: 'id' },
        },
      },
      async (request) =>
        billing.subscriptions.cancel(customerOf(request), request.params.id, {
          atPeriodEnd: request.body.atPeriodEnd ?? true,
        }),
    );

    app.get(
      '/invoices',
      {
        schema: {
          tags,
          summary: 'My invoices, newest first',
          querystring: InvoiceListQuery,
          response: { 200: pageOf(InvoiceSummary), ...errors },
        },
        preHandler: canRead,
      },
      async (request) => billing.invoices.list(customerOf(request), request.query),
    );

    app.get(
      '/invoices/:id',
      {
        schema: {
          tags,
          summary: 'One invoice with its lines',
          params: IdParams,
          response: { 200: Invoice, ...errors },
        },
        preHandler: canRead,
      },
      async (request) => billing.invoices.get(customerOf(request), request.params.id),
    );

    app.get(
      '/invoices/:id/pdf',
      {
        schema: {
          tags,
          summary: 'The invoice as a PDF',
          params: IdParams,
          response: {
            200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'application/pdf' }),
            ...errors,
          },
        },
        preHandler: canRead,
      },
      async (request, reply) => {
        const { number, pdf } = await billing.invoices.pdf(customerOf(request), request.params.id);
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${number ?? request.params.id}.pdf"`)
          .send(pdf);
      },
    );

    app.post(
      '/invoices/:id/pay',
      {
        schema: {
          tags,
          summary: 'Pay an open invoice now with the default card',
          params: IdParams,
          response: { 200: InvoiceSummary, ...errors },
        },
        preHandler: canManage,
        config: { audit: { action: 'billing.invoice.pay', targetType: 'invoice', targetParam: 'id' } },
      },
      async (request) => billing.invoices.pay(customerOf(request), request.params.id),
    );

    app.get(
      '/payments',
      {
        schema: {
          tags,
          summary: 'My past payments and attempts, newest first',
          querystring: PageQuery,
          response: { 200: pageOf(Payment), ...errors },
        },
        preHandler: canRead,
      },
      async (request) => billing.payments.list(customerOf(request), request.query),
    );

    app.get(
      '/payment-methods',
      {
        schema: {
          tags,
          summary: 'My cards (brand, last four digits and expiry only)',
          response: { 200: Type.Array(PaymentMethod), ...errors },
        },
        preHandler: canRead,
      },
      async (request) => billing.paymentMethods.list(customerOf(request)),
    );

    app.get(
      '/payment-methods/setup',
      {
        schema: {
          tags,
          summary: 'How cards are entered: our form (sandbox) or Stripe.js with this publishable key',
          response: { 200: CardCollection, ...errors },
        },
        preHandler: canRead,
      },
      async () => billing.paymentMethods.collection(),
    );

    app.post(
      '/payment-methods/setup',
      {
        schema: {
          tags,
          summary: 'Start adding a card: with Stripe, a SetupIntent whose client secret Stripe.js confirms',
          response: { 200: CardSetup, ...errors },
        },
        preHandler: canManage,
        config: { audit: { action: 'billing.payment_method.setup' } },
      },
      async (request) => billing.paymentMethods.prepareSetup(customerOf(request)),
    );

    app.post(
      '/payment-methods',
      {
        schema: {
          tags,
          summary: 'Add a card',
          description:
            'Sandbox test cards: 4242 4242 4242 4242 succeeds; 4000 0000 0000 0002 is declined; 4000 0000 0000 9995 has insufficient funds when charged; 4000 0000 0000 0341 is accepted, then fails when charged. ' +
            'With Stripe, confirm the SetupIntent from POST /payment-methods/setup with Stripe.js, then send its id; a card number is refused (`card_number_not_accepted`), as a Stripe id is by the sandbox (`card_reference_not_accepted`). ' +
            'A new default card is tried at once on overdue invoices.',
          body: NewPaymentMethod,
          response: { 201: PaymentMethod, ...errors },
        },
        preHandler: canManage,
        config: { audit: { action: 'billing.payment_method.add', targetType: 'payment_method' } },
      },
      async (request, reply) => {
        const method = await billing.paymentMethods.add(customerOf(request), request.body);
        request.auditTarget = {
          type: 'payment_method',
          id: method.id,
          details: { brand: method.brand, last4: method.last4 },
        };
        return reply.code(201).send(method);
      },
    );

    app.post(
      '/payment-methods/:id/make-default',
      {
        schema: {
          tags,
          summary: 'Make this card the one charged automatically',
          params: IdParams,
          response: { 200: PaymentMethod, ...errors },
        },
        preHandler: canManage,
        config: {
          audit: {
            action: 'billing.payment_method.make_default',
            targetType: 'payment_method',
            targetParam: 'id',
          },
        },
      },
      async (request) => billing.paymentMethods.makeDefault(customerOf(request), request.params.id),
    );

    app.delete(
      '/payment-methods/:id',
      {
        schema: { tags, summary: 'Remove a card', params: IdParams, response: { 204: NoContent, ...errors } },
        preHandler: canManage,
        config: {
          audit: { action: 'billing.payment_method.remove', targetType: 'payment_method', targetParam: 'id' },
        },
      },
      async (request, reply) => {
        await billing.paymentMethods.remove(customerOf(request), request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/billing/profile',
      {
        schema: {
          tags,
          summary: 'Billing address, tax country and VAT id, billing time zone and email',
          response: { 200: Profile, ...errors },
        },
        preHandler: canRead,
      },
      async (request) => billing.profile.get(customerOf(request)),
    );

    app.patch(
      '/billing/profile',
      {
        schema: {
          tags,
          summary: 'Update the billing profile',
          description:
            'The time zone (IANA name) applies to subscriptions started afterwards; existing ones keep the zone their anchor was set in.',
          body: ProfileChanges,
          response: { 200: Profile, ...errors },
        },
        preHandler: canManage,
        config: { audit: { action: 'billing.profile.update', targetType: 'customer' } },
      },
      async (request) => billing.profile.update(customerOf(request), request.body),
    );
  };
}
