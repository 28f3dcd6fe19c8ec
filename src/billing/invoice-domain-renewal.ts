import { nowIso, type BillingDeps } from './billing-deps.js';
import { insertDraftInvoice } from './draft-invoice.js';
import { finalizeInvoice } from './finalize-invoice.js';
import { chargeInvoice } from './charge-invoice.js';
import { findInvoiceByObligation, listInvoices, type InvoiceRow } from './invoices.repository.js';
import { afterPaid } from './renew-subscription.js';
import { listPricesOfTld, type TldPriceRow } from './tld-prices.repository.js';

export interface DomainRenewalInvoiceInput {
  customerId: string;
  hostId: string | null;
  domain: string;
  tld: string;
  years: number;
  /** The expiry renewed from, for the invoice line. */
  curExpDate: string;
  /** One renewal, one invoice: a second call with the key returns the first invoice. */
  obligationKey: string;
}

export type DomainRenewalInvoice =
  { kind: 'invoiced'; invoice: InvoiceRow } | { kind: 'no_price'; tld: string };

/** The customer's currency (that of their latest invoice) when the TLD has a price in it, else the first. */
export async function priceFor(
  deps: BillingDeps,
  customerId: string,
  tld: string,
): Promise<TldPriceRow | undefined> {
  const prices = await listPricesOfTld(deps.db, tld);
  const [latest] = await listInvoices(deps.db, customerId, { limit: 1, withDrafts: false });
  return prices.find((price) => price.currency === latest?.currency) ?? prices[0];
}

/**
 * Invoices a domain renewal at the catalog's TLD price, due at once, and makes the first automatic
 * charge attempt now; a declined card then follows the usual retry schedule and dunning mail.
 * Idempotent through the obligation key: asked again, it returns the same invoice and charges
 * nothing that is not due.
 */
export async function invoiceDomainRenewal(
  deps: BillingDeps,
  input: DomainRenewalInvoiceInput,
): Promise<DomainRenewalInvoice> {
  const existing = await findInvoiceByObligation(deps.db, input.obligationKey);
  if (existing && existing.customer_id === input.customerId) return { kind: 'invoiced', invoice: existing };
  const price = await priceFor(deps, input.customerId, input.tld);
  if (!price) return { kind: 'no_price', tld: input.tld };
  const { invoice, paid } = await deps.db.transaction().execute(async (tx) => {
    const draft = await insertDraftInvoice(tx, deps, {
      customerId: input.customerId,
      subscriptionId: null,
      hostId: input.hostId,
      kind: 'domain_renewal',
      obligationKey: input.obligationKey,
      currency: price.currency,
      drafts: [
        {
          description: `Renewal of ${input.domain} for ${input.years} year${input.years === 1 ? '' : 's'} (expires ${input.curExpDate.slice(0, 10)} today)`,
          kind: 'adjustment',
          quantity: input.years,
          amount: price.amount * input.years,
          periodStart: null,
          periodEnd: null,
          isDiscountable: false,
        },
      ],
      coupon: null,
      dueAt: new Date(nowIso(deps)),
      period: null,
    });
    return finalizeInvoice(tx, deps, draft);
  });
  await afterPaid(deps, paid);
  if (invoice.status === 'open')
    await chargeInvoice(deps, input.customerId, invoice.id, { kind: 'automatic', attempt: 0 });
  const after = (await findInvoiceByObligation(deps.db, input.obligationKey))!;
  return { kind: 'invoiced', invoice: after };
}
