import { dec, type Decimal, type DecimalInput } from './decimal.js';
import { discountFor, type CouponTerms } from './discounts.js';
import { allocate, roundMinor, sumMinor } from './money.js';
import type { TaxDecision } from './tax.js';

export interface DraftLine {
  description: string;
  kind: 'plan' | 'seats' | 'setup_fee' | 'proration_charge' | 'proration_credit' | 'usage' | 'adjustment';
  quantity: number;
  /** Exact, unrounded amount of the whole line; rounded once here. */
  amount: DecimalInput;
  periodStart: string | null;
  periodEnd: string | null;
  /** Coupons reduce recurring charges only, never setup fees or prorations. */
  isDiscountable: boolean;
}

export interface PricedLine extends Omit<DraftLine, 'amount'> {
  amount: number;
  discount: number;
  tax: number;
}

export interface InvoiceTotals {
  lines: PricedLine[];
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
}

/**
 * Prices an invoice: each line is rounded once (half-even); the coupon applies to the discountable
 * lines' sum and is spread back over them; tax is computed once on the invoice's taxable amount
 * (not per line, which drifts by a cent) and spread over the lines. Every spread uses `allocate`,
 * so line discounts and line taxes always add up to the invoice's.
 */
export function priceInvoice(
  drafts: readonly DraftLine[],
  coupon: CouponTerms | null,
  tax: TaxDecision,
): InvoiceTotals {
  const amounts = drafts.map((line) => roundMinor(line.amount));
  const subtotal = sumMinor(amounts);
  const discountable = drafts.map((line, i) => (line.isDiscountable && amounts[i]! > 0 ? amounts[i]! : 0));
  const discount = coupon ? discountFor(sumMinor(discountable), coupon) : 0;
  const lineDiscounts = allocate(discount, discountable);
  const taxable = subtotal - discount;
  const taxAmount = taxOn(taxable, tax);
  const nets = amounts.map((amount, i) => amount - lineDiscounts[i]!);
  // Shares of a signed total over signed weights still sum exactly (allocate floors, then tops up).
  const lineTaxes = taxable === 0 ? nets.map(() => 0) : allocate(taxAmount, nets);
  const lines = drafts.map((line, i) => ({
    ...line,
    amount: amounts[i]!,
    discount: lineDiscounts[i]!,
    tax: lineTaxes[i]!,
  }));
  return {
    lines,
    subtotal,
    discount,
    tax: taxAmount,
    total: tax.isInclusive ? taxable : taxable + taxAmount,
  };
}

/** Tax on a taxable amount; for inclusive prices the tax is the part already inside it. */
export function taxOn(taxable: number, tax: TaxDecision): number {
  const rate: Decimal = tax.percent.div(100);
  if (rate.isZero()) return 0;
  return roundMinor(tax.isInclusive ? dec(taxable).times(rate).div(rate.plus(1)) : dec(taxable).times(rate));
}
