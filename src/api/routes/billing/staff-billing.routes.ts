import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { ApiContext } from '../../context.js';
import { requireStaff } from '../../plugins/auth.js';
import { errors, NoContent, PageQuery, pageOf } from '../../schemas.js';
import {
  AdminInvoiceQuery,
  AdminPaymentQuery,
  AmountWithReason,
  Coupon,
  CreditNote,
  CustomerIdParams,
  CustomerParams,
  IdParams,
  InvoiceSummary,
  LedgerEntry,
  NewCoupon,
  NewManualInvoice,
  Invoice,
  NewPlan,
  NewPrice,
  OfflinePayment,
  Payment,
  PaymentMethod,
  Plan,
  PlanChanges,
  Price,
  Profile,
  Revenue,
  StartSubscription,
  Subscription,
} from './billing.schemas.js';

const tags = ['billing'];
const billingStaff = requireStaff('billing');

/** Staff billing: the catalog, each customer's billing, invoice corrections, payments, dunning, revenue. */
export function staffBillingRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { billing } = ctx;
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const audit = (action: string, targetType: string, targetParam?: string) => ({
      audit: { action, targetType, ...(targetParam ? { targetParam } : {}) },
    });

    app.get(
      '/admin/billing/plans',
      {
        schema: {
          tags,
          summary: 'Every plan with every price version',
          response: { 200: Type.Array(Plan), ...errors },
        },
        preHandler: billingStaff,
      },
      async () => billing.catalog.listAll(),
    );

    app.post(
      '/admin/billing/plans',
      {
        schema: { tags, summary: 'Create a plan', body: NewPlan, response: { 201: Plan, ...errors } },
        preHandler: billingStaff,
        config: audit('billing.plan.create', 'plan'),
      },
      async (request, reply) => {
        const plan = await billing.catalog.create(request.body);
        request.auditTarget = { type: 'plan', id: plan.id };
        return reply.code(201).send(plan);
      },
    );

    app.patch(
      '/admin/billing/plans/:id',
      {
        schema: {
          tags,
          summary: 'Change or retire a plan',
          params: IdParams,
          body: PlanChanges,
          response: { 200: Plan, ...errors },
        },
        preHandler: billingStaff,
        config: audit('billing.plan.update', 'plan', 'id'),
      },
      async (request) => billing.catalog.update(request.params.id, request.body),
    );

    app.post(
      '/admin/billing/plans/:id/prices',
      {
        schema: {
          tags,
          summary: 'Add a price version for a cycle and currency',
          description: 'New subscriptions get the new version; existing ones keep theirs until migrated.',
          params: IdParams,
          body: NewPrice,
          response: { 201: Price, ...errors },
        },
        preHandler: billingStaff,
        config: audit('billing.price.create', 'plan', 'id'),
      },
      async (request, reply) => {
        const body = request.body;
        const price = await billing.catalog.addPrice(request.params.id, {
          cycle: body.cycle,
          currency: body.currency,
          amount: body.amount,
          seatAmount: body.seatAmount ?? 0,
          includedSeats: body.includedSeats ?? 0,
          setupFee: body.setupFee ?? 0,
          metered: body.metered ?? [],
        });
        return reply.code(201).send(price);
      },
    );

    app.post(
      '/admin/billing/prices/:id/migrate',
      {
        schema: {
          tags,
          summary: 'Move subscriptions on this old price version to the current one from their next period',
          params: IdParams,
          response: { 200: Type.Object({ migrated: Type.Integer() }), ...errors },
        },
        preHandler: billingStaff,
        config: audit('billing.price.migrate', 'price', 'id'),
      },
      async (request) => ({ migrated: await billing.catalog.migratePrice(request.params.id) }),
    );

    app.get(
      '/admin/billing/coupons',
      {
        schema: { tags, summary: 'Every coupon', response: { 200: Type.Array(Coupon), ...errors } },
        preHandler: billingStaff,
      },
      async () => billing.catalog.listCoupons(),
    );

    app.post(
      '/admin/billing/coupons',
      {
        schema: {
          tags,
          summary: 'Create a coupon (percent or amount, for N cycles)',
          body: NewCoupon,
          response: { 201: Coupon, ...errors },
        },
        preHandler: billingStaff,
        config: audit('billing.coupon.create', 'coupon'),
      },
      async (request, reply) => reply.code(201).send(await billing.catalog.createCoupon(request.body)),
    );

    app.patch(
      '/admin/billing/coupons/:id',
      {
        schema: {
          tags,
          summary: 'Activate or retire a coupon',
          params: IdParams,
          body: Type.Object({ isActive: Type.Boolean() }, { additionalProperties: false }),
          response: { 204: NoContent, ...errors },
        },
        preHandler: billingStaff,
        config: audit('billing.coupon.update', 'coupon', 'id'),
      },
      async (request, reply) => {
        await billing.catalog.setCouponActive(request.params.id, request.body.isActive);
        return reply.code(204).send(null);
      },
    );

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

    app.get(
      '/admin/billing/invoices',
      {
        schema: {
          tags,
          summary: 'Invoices across customers; overdue=true is the dunning queue',
          querystring: AdminInvoiceQuery,
          response: { 200: pageOf(InvoiceSummary), ...errors },
        },
        preHandler: billingStaff,
      },
      async (request) => {
        const { overdue, ...query } = request.query;
        return billing.invoices.listAll({
          ...query,
          ...(overdue ? { overdueAt: ctx.clock.now().toISOString() } : {}),
        });
      },
    );

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

    app.get(
      '/admin/billing/customers/:customerId',
      {
        schema: {
          tags,
          summary: "One customer's billing: profile, subscriptions, cards, credit notes and ledger",
          params: CustomerParams,
          response: {
            200: Type.Object({
              profile: Profile,
              subscriptions: Type.Array(Subscription),
              paymentMethods: Type.Array(PaymentMethod),
              creditNotes: Type.Array(CreditNote),
              ledger: Type.Array(LedgerEntry),
            }),
            ...errors,
          },
        },
        preHandler: billingStaff,
      },
      async (request) => {
        const id = request.params.customerId;
        return {
          profile: await billing.profile.get(id),
          subscriptions: await billing.subscriptions.list(id),
          paymentMethods: await billing.paymentMethods.list(id),
          creditNotes: await billing.invoices.creditNotes(id),
          ledger: await billing.ledger.entries(id),
        };
      },
    );

    app.post(
      '/admin/billing/customers/:customerId/invoices',
      {
        schema: {
          tags,
          summary: 'Write a one-off invoice as a draft (customers do not see drafts)',
          params: CustomerParams,
          body: NewManualInvoice,
          response: { 201: Invoice, ...errors },
        },
        preHandler: billingStaff,
        config: audit('billing.invoice.create_draft', 'invoice'),
      },
      async (request, reply) => {
        const invoice = await billing.invoices.createManual(request.params.customerId, request.body);
        request.auditTarget = { type: 'invoice', id: invoice.id, customerId: request.params.customerId };
        return reply.code(201).send(invoice);
      },
    );

    app.get(
      '/admin/billing/customers/:customerId/invoices/:id',
      {
        schema: {
          tags,
          summary: 'One invoice, drafts included',
          params: CustomerIdParams,
          response: { 200: Invoice, ...errors },
        },
        preHandler: billingStaff,
      },
      async (request) =>
        billing.invoices.get(request.params.customerId, request.params.id, { withDrafts: true }),
    );

    app.post(
      '/admin/billing/customers/:customerId/invoices/:id/finalize',
      {
        schema: {
          tags,
          summary: 'Finalise a draft: number it, post it, mail it, charge it when due',
          params: CustomerIdParams,
          response: { 200: InvoiceSummary, ...errors },
        },
        preHandler: billingStaff,
        config: audit('billing.invoice.finalize', 'invoice', 'id'),
      },
      async (request) => billing.invoices.finalize(request.params.customerId, request.params.id),
    );

    app.post(
      '/admin/billing/customers/:customerId/invoices/:id/void',
      {
        schema: {
          tags,
          summary: 'Void a draft, or an open invoice nobody has paid',
          params: CustomerIdParams,
          response: { 200: InvoiceSummary, ...errors },
        },
        preHandler: billingStaff,
        config: audit('billing.invoice.void', 'invoice', 'id'),
      },
      async (request) => billing.invoices.void(request.params.customerId, request.params.id),
    );

    app.post(
      '/admin/billing/customers/:customerId/invoices/:id/credit-notes',
      {
        schema: {
          tags,
          summary: 'Issue a credit note; the amount becomes account credit',
          params: CustomerIdParams,
          body: AmountWithReason,
          response: { 201: CreditNote, ...errors },
        },
        preHandler: billingStaff,
        config: audit('billing.invoice.credit_note', 'invoice', 'id'),
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await billing.invoices.creditNote(request.params.customerId, request.params.id, request.body),
          ),
    );

    app.post(
      '/admin/billing/customers/:customerId/invoices/:id/mark-paid',
      {
        schema: {
          tags,
          summary: 'Record an offline payment (bank transfer)',
          params: CustomerIdParams,
          body: OfflinePayment,
          response: { 200: InvoiceSummary, ...errors },
        },
        preHandler: billingStaff,
        config: audit('billing.invoice.mark_paid', 'invoice', 'id'),
      },
      async (request) =>
        billing.invoices.markPaid(request.params.customerId, request.params.id, request.body),
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

    app.get(
      '/admin/billing/revenue',
      {
        schema: { tags, summary: 'MRR, churn and revenue by month', response: { 200: Revenue, ...errors } },
        preHandler: billingStaff,
      },
      async () => billing.revenue(),
    );

    app.post(
      '/admin/billing/run',
      {
        schema: {
          tags,
          summary: 'Run the billing sweep now (renewals, dunning, reconciliation)',
          response: {
            200: Type.Object({
              reconciled: Type.Integer(),
              renewals: Type.Object({
                checked: Type.Integer(),
                issued: Type.Integer(),
                failed: Type.Integer(),
              }),
              dunning: Type.Object({ refreshed: Type.Integer(), warned: Type.Integer() }),
              cardsWarned: Type.Integer(),
            }),
            ...errors,
          },
        },
        preHandler: requireStaff('admin'),
        config: audit('billing.run', 'billing'),
      },
      async () => billing.runTick(),
    );
  };
}
