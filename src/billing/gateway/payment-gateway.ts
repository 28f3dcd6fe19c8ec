/**
 * The port every payment service provider sits behind. Our side never sees a card number after
 * `addCard`: only the token, brand, last four digits and expiry. Every charge carries an
 * idempotency key built from our own ids, and `lookup` answers "did that key charge?", which is how
 * an attempt with an unknown outcome is reconciled instead of retried.
 */
export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export interface StoredCard {
  token: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface ChargeRequest {
  token: string;
  amount: number;
  currency: string;
  idempotencyKey: string;
  description: string;
}

export type ChargeResult =
  | { status: 'succeeded'; reference: string }
  | { status: 'failed'; reference: string | null; failureCode: string; failureMessage: string };

export interface RefundRequest {
  reference: string;
  amount: number;
  currency: string;
  idempotencyKey: string;
}

export interface PaymentGateway {
  readonly name: string;
  /** Throws AppError('card_declined' | 'card_invalid' | …) when the card cannot be stored. */
  addCard(card: CardInput): Promise<StoredCard>;
  /** Throws only when the outcome is unknown (network, timeout): the caller must then reconcile. */
  charge(request: ChargeRequest): Promise<ChargeResult>;
  lookup(idempotencyKey: string): Promise<ChargeResult | null>;
  refund(request: RefundRequest): Promise<{ reference: string }>;
}
