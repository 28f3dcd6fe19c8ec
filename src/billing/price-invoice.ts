import type { BillingDeps } from './billing-deps.js';
import type { CouponTerms } from './math/discounts.js';
import { priceInvoice, type DraftLine, type InvoiceTotals } from './math/invoice-math.js';
import { decideTax, type TaxDecision } from './math/tax.js';
import type { BillingProfile } from './profiles.js';
import type { QuoteView } from './views.js';

/** A quote as priced: the view's totals, with the lines as the invoice math prices them. */
export interface Quote extends Omit<QuoteView, 'lines'>, InvoiceTotals {}

function taxDecisionFor(deps: Pick<BillingDeps, 'settings'>, profile: BillingProfile): TaxDecision {
  return decideTax(
    deps.settings.seller,
    { country: profile.country, vatId: profile.vatId },
    deps.settings.taxRates,
  );
}

/** Prices drafts for a known profile: the one pricing every invoice path shares. */
export function priceFor(
  deps: Pick<BillingDeps, 'settings'>,
  profile: BillingProfile,
  currency: string,
  drafts: DraftLine[],
  coupon: CouponTerms | null,
): Quote {
  const tax = taxDecisionFor(deps, profile);
  const totals = priceInvoice(drafts, coupon, tax);
  return {
    ...totals,
    currency,
    taxPercent: tax.percent.toString(),
    isTaxInclusive: tax.isInclusive,
    taxNote: tax.note,
  };
}
