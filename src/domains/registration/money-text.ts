/** `€14.28` of 1428 EUR minor units, for mail text (the amount itself is billing's). */
export function moneyText(amount: number | null, currency: string | null): string | null {
  if (amount === null || currency === null) return null;
  const format = new Intl.NumberFormat('en', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}
