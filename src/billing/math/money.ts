import { Decimal, dec, type DecimalInput } from './decimal.js';

/**
 * Money is an integer count of minor units plus an ISO 4217 code; never a float. Exponents differ
 * by currency (JPY has none, KWD has three), so nothing here assumes two decimals.
 */
export interface Money {
  amount: number;
  currency: string;
}

const EXPONENTS: Record<string, number> = {
  EUR: 2,
  USD: 2,
  GBP: 2,
  CHF: 2,
  SEK: 2,
  NOK: 2,
  DKK: 2,
  PLN: 2,
  CZK: 2,
  CAD: 2,
  AUD: 2,
  NZD: 2,
  BRL: 2,
  INR: 2,
  MXN: 2,
  ZAR: 2,
  JPY: 0,
  KRW: 0,
  ISK: 0,
  CLP: 0,
  KWD: 3,
  BHD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
};

export const SUPPORTED_CURRENCIES = Object.keys(EXPONENTS);

export function isSupportedCurrency(code: string): boolean {
  return code in EXPONENTS;
}

export function currencyExponent(currency: string): number {
  const exponent = EXPONENTS[currency];
  if (exponent === undefined) throw new RangeError(`unsupported currency ${currency}`);
  return exponent;
}

export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount))
    throw new RangeError(`money must be a whole number of minor units, got ${amount}`);
  currencyExponent(currency);
  return { amount, currency };
}

/**
 * The single rounding rule for posted amounts: half-even (banker's) to a whole minor unit. It is
 * symmetric (round(-x) = -round(x)) and monotonic, which the proration invariants rely on.
 */
export function roundMinor(value: DecimalInput): number {
  // `+ 0` turns a rounded -0 into 0, so equal amounts compare equal.
  return dec(value).toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toNumber() + 0;
}

export function sumMinor(amounts: readonly number[]): number {
  let total = 0;
  for (const amount of amounts) total += amount;
  if (!Number.isSafeInteger(total)) throw new RangeError('sum exceeds the safe integer range');
  return total;
}

/**
 * Splits `total` over parts in proportion to `weights`, so the parts always add up to `total`
 * exactly: each part gets the floor of its exact share, and the remaining units go to the largest
 * fractional parts (ties to the earliest part).
 */
export function allocate(total: number, weights: readonly DecimalInput[]): number[] {
  if (weights.length === 0) {
    if (total !== 0) throw new RangeError('cannot allocate a non-zero amount over nothing');
    return [];
  }
  const weightSum = weights.reduce<Decimal>((sum, w) => sum.plus(w), dec(0));
  if (weightSum.isZero()) {
    const parts = weights.map(() => 0);
    parts[0] = total;
    return parts;
  }
  const shares = weights.map((w) => dec(total).times(w).div(weightSum));
  const floors = shares.map((s) => s.floor().toNumber());
  let remainder = total - sumMinor(floors);
  const order = shares
    .map((s, index) => ({ index, fraction: s.minus(s.floor()) }))
    .sort((a, b) => b.fraction.comparedTo(a.fraction) || a.index - b.index);
  for (let i = 0; remainder > 0; i = (i + 1) % order.length, remainder--) floors[order[i]!.index]! += 1;
  return floors;
}

/** For people, not for accounting: "EUR 12.50". */
export function formatMoney({ amount, currency }: Money): string {
  const exponent = currencyExponent(currency);
  return `${currency} ${dec(amount).div(dec(10).pow(exponent)).toFixed(exponent)}`;
}

/** Parses a decimal major-unit string ("12.5") into minor units, refusing sub-minor precision. */
export function parseMajor(text: string, currency: string): Money {
  const exponent = currencyExponent(currency);
  const minor = dec(text).times(dec(10).pow(exponent));
  if (!minor.isInteger()) throw new RangeError(`${text} has more than ${exponent} decimals for ${currency}`);
  return money(minor.toNumber(), currency);
}
