import type { CardCollection, CardSetup } from '../views.js';

/**
 * The port every payment service provider sits behind. Our side never keeps a card number: only
 * the token, brand, last four digits and expiry. A gateway either takes the number once, in
 * `addCard` (the sandbox), or never sees it at all: the provider's script collects the card in the
 * browser and `attachCard` stores the result (Stripe). Every charge carries an
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

/** Our customer, and the tokens of the cards it already has with this gateway. */
export interface GatewayCustomer {
  id: string;
  tokens: string[];
}

/** How the dashboard collects a card (our own form, or Stripe.js) and a collection under way: views. */
export type { CardCollection, CardSetup };

/** A card collected by the provider in the browser: a confirmed SetupIntent, or a PaymentMethod to save. */
export type CardReference = { setupIntentId: string } | { paymentMethodId: string };

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
  readonly cardCollection: CardCollection;
  prepareCardSetup(customer: GatewayCustomer): Promise<CardSetup>;
  /**
   * Throws AppError('card_declined' | 'card_invalid' | …) when the card cannot be stored, and
   * card_number_not_accepted from a gateway whose card numbers must never reach our server.
   */
  addCard(card: CardInput): Promise<StoredCard>;
  /** Throws card_reference_not_accepted from a gateway that takes numbers in `addCard`. */
  attachCard(customer: GatewayCustomer, reference: CardReference): Promise<StoredCard>;
  /** Throws only when the outcome is unknown (network, timeout): the caller must then reconcile. */
  charge(request: ChargeRequest): Promise<ChargeResult>;
  /**
   * Optional: many charges in one call, for a gateway that can take them together (the sandbox
   * writes them in one statement). Answers per request, in order, as `charge` would: a result, or
   * `{ error }` where `charge` would have thrown. Without it, callers call `charge` for each.
   */
  chargeMany?(requests: readonly ChargeRequest[]): Promise<Array<ChargeResult | { error: unknown }>>;
  lookup(idempotencyKey: string): Promise<ChargeResult | null>;
  refund(request: RefundRequest): Promise<{ reference: string }>;
}
