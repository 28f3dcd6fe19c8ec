import { dec, type Decimal } from './decimal.js';

/** A country's VAT/sales tax rate in percent ("19"), and whether catalog prices already include it. */
export interface TaxRate {
  country: string;
  percent: string;
  isInclusive: boolean;
}

export interface TaxParty {
  country: string | null;
  vatId: string | null;
}

export interface TaxDecision {
  percent: Decimal;
  isInclusive: boolean;
  isReverseCharge: boolean;
  /** Printed on the invoice when no tax is charged, so the buyer knows why. */
  note: string | null;
}

export const EU_COUNTRIES = new Set([
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
]);

export const REVERSE_CHARGE_NOTE =
  'Reverse charge: VAT to be accounted for by the recipient (Article 196, Directive 2006/112/EC).';

/**
 * Which tax applies to a sale of this digital service. A business buyer in another EU country with
 * a VAT id pays no VAT (reverse charge); otherwise the buyer's country rate applies (the seller's
 * when the buyer's country is unknown), and a country without a configured rate is untaxed.
 */
export function decideTax(
  seller: { country: string },
  buyer: TaxParty,
  rates: readonly TaxRate[],
): TaxDecision {
  const buyerCountry = buyer.country ?? seller.country;
  const isCrossBorderEu =
    EU_COUNTRIES.has(seller.country) && EU_COUNTRIES.has(buyerCountry) && buyerCountry !== seller.country;
  const rate = rates.find((r) => r.country === buyerCountry);
  if (isCrossBorderEu && buyer.vatId) {
    return {
      percent: dec(0),
      isInclusive: rate?.isInclusive ?? false,
      isReverseCharge: true,
      note: REVERSE_CHARGE_NOTE,
    };
  }
  if (!rate) return { percent: dec(0), isInclusive: false, isReverseCharge: false, note: null };
  return { percent: dec(rate.percent), isInclusive: rate.isInclusive, isReverseCharge: false, note: null };
}
