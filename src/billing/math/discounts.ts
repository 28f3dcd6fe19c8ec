import { dec } from './decimal.js';
import { roundMinor } from './money.js';

export type CouponTerms = { kind: 'percent'; percentOff: string } | { kind: 'amount'; amountOff: number };

/** The discount on a positive subtotal, rounded once and never more than the subtotal. */
export function discountFor(subtotal: number, terms: CouponTerms): number {
  if (subtotal <= 0) return 0;
  const raw =
    terms.kind === 'percent' ? roundMinor(dec(subtotal).times(terms.percentOff).div(100)) : terms.amountOff;
  return Math.min(Math.max(raw, 0), subtotal);
}

/** Whether a coupon good for `durationCycles` cycles (null: forever) still applies after `cyclesUsed`. */
export function couponApplies(durationCycles: number | null, cyclesUsed: number): boolean {
  return durationCycles === null || cyclesUsed < durationCycles;
}
