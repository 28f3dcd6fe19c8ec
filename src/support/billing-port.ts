/** Adapts the billing area to the little the desk needs: invoice ownership, plans and recent invoices. */
import type { Billing, InvoiceView } from '../billing/index.js';
import { isAppError } from '../lib/errors.js';
import type { InvoiceSummary, SupportBillingPort } from './support-deps.js';

function toSummary(invoice: InvoiceView): InvoiceSummary {
  return {
    id: invoice.id,
    number: invoice.number,
    status: invoice.status,
    totalMinor: invoice.total,
    currency: invoice.currency,
    issuedAt: invoice.issuedAt,
    timeZone: invoice.timeZone,
  };
}

export function billingPort(
  billing: Pick<Billing, 'invoices' | 'subscriptions' | 'profile'>,
): SupportBillingPort {
  return {
    async subscriptions(customerId) {
      return (await billing.subscriptions.list(customerId)).map((sub) => ({
        id: sub.id,
        hostId: sub.hostId,
        planName: sub.planName,
        status: sub.status,
        cycle: sub.cycle,
        seats: sub.seats,
        currentPeriodEnd: sub.currentPeriodEnd,
        timeZone: sub.timeZone,
      }));
    },
    async findInvoice(customerId, invoiceId) {
      try {
        return toSummary(await billing.invoices.get(customerId, invoiceId));
      } catch (error) {
        if (isAppError(error) && error.code === 'invoice_not_found') return null;
        throw error;
      }
    },
    async recentInvoices(customerId, limit) {
      return (await billing.invoices.list(customerId, { limit })).items.map(toSummary);
    },
    async timeZone(customerId) {
      return (await billing.profile.get(customerId)).timeZone;
    },
  };
}
