import type { PaymentMethod } from '../../api/views';

const brandNames: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
};

/** "Visa ending in 4242": what tells a customer's cards apart (the number itself is never stored). */
export function cardLabel(card: PaymentMethod): string {
  return `${brandNames[card.brand] ?? 'Card'} ending in ${card.last4}`;
}

export function cardExpiry(card: PaymentMethod): string {
  return `${String(card.expMonth).padStart(2, '0')}/${card.expYear}`;
}
