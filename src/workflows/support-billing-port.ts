import type { Billing, InvoiceView } from '../billing/index.js';
import { isAppError } from '../lib/errors.js';
import type { InvoiceSummary, SupportBillingPort } from '../support/index.js';

/**
 * The billing facts the support desk asks for (invoice ownership, plans, recent invoices, the
 * customer's time zone), read from billing and told in the desk's own terms: support declares the
 * port, billing knows nothing of it, and neither imports the other.
 */
export function supportBillingPort(
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
