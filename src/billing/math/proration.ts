import { dec, type Decimal } from './decimal.js';
import { roundMinor } from './money.js';
import type { Period } from './periods.js';

/**
 * Proration is by the second (like Stripe): the share of the period still to come at `at`, as an
 * exact fraction. A change at the very start of a period has fraction 1, at its end 0.
 */
export function remainingFraction(period: Pick<Period, 'start' | 'end'>, at: Date): Decimal {
  const total = period.end.getTime() - period.start.getTime();
  const remaining = Math.min(Math.max(period.end.getTime() - at.getTime(), 0), total);
  return dec(remaining).div(total);
}

export interface ProrationLines {
  /** Charge for the new recurring amount over the rest of the period (≥ 0). */
  charge: number;
  /** Credit for the unused rest of the old recurring amount, as a positive number. */
  credit: number;
  /** charge − credit: what the customer owes (negative: is owed). */
  net: number;
}

/**
 * The net is rounded once, from the exact difference of the two recurring amounts; the credit line
 * is derived from it so the two lines add up to the net to the unit. Because half-even rounding is
 * monotonic and symmetric, an upgrade followed by the reverse change later in the same period nets
 * to ≥ 0: a round trip never creates money.
 */
export function prorate(oldRecurring: number, newRecurring: number, fraction: Decimal): ProrationLines {
  const net = roundMinor(dec(newRecurring - oldRecurring).times(fraction));
  const charge = roundMinor(dec(newRecurring).times(fraction));
  return { charge, credit: charge - net, net };
}
