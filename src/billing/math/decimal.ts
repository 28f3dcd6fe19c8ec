import { Decimal as DecimalBase } from 'decimal.js';

/**
 * The one exact-decimal type billing uses for intermediates (proration fractions, sub-cent unit
 * prices, tax). Precision is far beyond any amount we post; rounding to minor units happens once,
 * in money.ts, and always half-even.
 */
export const Decimal = DecimalBase.clone({ precision: 60, rounding: DecimalBase.ROUND_HALF_EVEN });
export type Decimal = DecimalBase;
export type DecimalInput = DecimalBase | number | string;

export function dec(value: DecimalInput): Decimal {
  return new Decimal(value);
}
