import type { BillingDeps, BillingDb } from './billing-deps.js';
import type { CouponTerms } from './math/discounts.js';
import type { DraftLine } from './math/invoice-math.js';
import { priceFor, type Quote } from './price-invoice.js';
import { loadProfile } from './profiles.js';

/** The priced invoice, without writing anything: previews and the real invoice both come from here. */
export async function quoteInvoice(
  db: BillingDb,
  deps: Pick<BillingDeps, 'settings'>,
  customerId: string,
  currency: string,
  drafts: DraftLine[],
  coupon: CouponTerms | null,
): Promise<Quote> {
  return priceFor(deps, await loadProfile(db, customerId), currency, drafts, coupon);
}
