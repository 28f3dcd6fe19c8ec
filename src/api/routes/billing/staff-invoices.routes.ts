import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { ApiContext } from '../../context.js';
import { errors, pageOf } from '../../schemas.js';
import { CustomerIdParams, CustomerParams } from './billing.schemas.js';
import {
  AdminInvoiceQuery,
  AmountWithReason,
  CreditNote,
  Invoice,
  InvoiceSummary,
  NewManualInvoice,
  OfflinePayment,
} from './invoices.schemas.js';
import { audit, billingStaff } from './staff-access.js';
import { tags } from './billing.schemas.js';

/** Staff list invoices (the dunning queue among them), write one-off invoices and correct them. */
export function staffInvoiceRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { billing } = ctx;
  return async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();

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
  };
}
