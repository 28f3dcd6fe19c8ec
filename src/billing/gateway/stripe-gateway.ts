import Stripe from 'stripe';
import { AppError } from '../../lib/errors.js';
import type {
  CardInput,
  ChargeRequest,
  ChargeResult,
  PaymentGateway,
  RefundRequest,
  StoredCard,
} from './payment-gateway.js';

/**
 * Pinned: Stripe changes object shapes between versions (invoice.subscription moved in 2025), and
 * an unpinned client would follow the account's default silently.
 */
export const STRIPE_API_VERSION = '2026-10-28.endive';

export interface StripeGatewayOptions {
  secretKey: string;
  webhookSecret: string;
  /** For tests against a local fake of the Stripe API. */
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
}

export interface StripeGateway extends PaymentGateway {
  /** Verifies the Stripe-Signature header against the raw body; throws webhook_signature_invalid. */
  verifyWebhook(rawBody: Buffer | string, signature: string): Stripe.Event;
  /** The current state of a PaymentIntent, as a charge outcome (webhooks re-fetch rather than trust the payload). */
  outcomeOf(paymentIntentId: string): Promise<{ idempotencyKey: string | null; result: ChargeResult | null }>;
}

const KEY_FIELD = 'imhost_key';

function outcomeOfIntent(intent: Stripe.PaymentIntent): ChargeResult | null {
  if (intent.status === 'succeeded') return { status: 'succeeded', reference: intent.id };
  if (intent.status === 'requires_payment_method' || intent.status === 'canceled') {
    const error = intent.last_payment_error;
    return {
      status: 'failed',
      reference: intent.id,
      failureCode: error?.decline_code ?? error?.code ?? 'payment_failed',
      failureMessage: error?.message ?? 'The payment failed.',
    };
  }
  // processing, requires_action…: not settled either way yet.
  return null;
}

/**
 * The Stripe adapter on the official SDK: cards are saved with a confirmed off-session SetupIntent
 * (token = customer and payment method ids), charged with off-session PaymentIntents carrying our
 * idempotency key both as Stripe's Idempotency-Key and in metadata, so `lookup` can find the intent
 * by search. Card errors are outcomes; anything else (network, 5xx) is thrown as unknown.
 */
export function createStripeGateway(options: StripeGatewayOptions): StripeGateway {
  const stripe = new Stripe(options.secretKey, {
    apiVersion: STRIPE_API_VERSION as Stripe.LatestApiVersion,
    maxNetworkRetries: 0,
    ...(options.host ? { host: options.host } : {}),
    ...(options.port ? { port: options.port } : {}),
    ...(options.protocol ? { protocol: options.protocol } : {}),
  });

  function split(token: string): { customer: string; paymentMethod: string } {
    const [customer, paymentMethod] = token.split('|');
    if (!customer || !paymentMethod) throw new AppError('payment_method_not_found');
    return { customer, paymentMethod };
  }

  return {
    name: 'stripe',

    async addCard(card: CardInput): Promise<StoredCard> {
      try {
        const method = await stripe.paymentMethods.create({
          type: 'card',
          card: {
            number: card.number.replace(/[\s-]/g, ''),
            exp_month: card.expMonth,
            exp_year: card.expYear,
            cvc: card.cvc,
          },
        });
        const customer = await stripe.customers.create({});
        const setup = await stripe.setupIntents.create({
          customer: customer.id,
          payment_method: method.id,
          usage: 'off_session',
          confirm: true,
        });
        if (setup.status !== 'succeeded') throw new AppError('card_declined');
        return {
          token: `${customer.id}|${method.id}`,
          brand: method.card?.brand ?? 'unknown',
          last4: method.card?.last4 ?? '',
          expMonth: method.card?.exp_month ?? card.expMonth,
          expYear: method.card?.exp_year ?? card.expYear,
        };
      } catch (error) {
        if (error instanceof Stripe.errors.StripeCardError)
          throw new AppError('card_declined', { message: error.message });
        throw error;
      }
    },

    async charge(request: ChargeRequest): Promise<ChargeResult> {
      const { customer, paymentMethod } = split(request.token);
      try {
        const intent = await stripe.paymentIntents.create(
          {
            amount: request.amount,
            currency: request.currency.toLowerCase(),
            customer,
            payment_method: paymentMethod,
            off_session: true,
            confirm: true,
            description: request.description,
            metadata: { [KEY_FIELD]: request.idempotencyKey },
          },
          { idempotencyKey: request.idempotencyKey },
        );
        const outcome = outcomeOfIntent(intent);
        if (!outcome) throw new Error(`payment intent ${intent.id} is ${intent.status}`);
        return outcome;
      } catch (error) {
        if (error instanceof Stripe.errors.StripeCardError) {
          return {
            status: 'failed',
            reference: (error.payment_intent as { id?: string } | undefined)?.id ?? null,
            failureCode: error.decline_code ?? error.code ?? 'card_declined',
            failureMessage: error.message,
          };
        }
        throw error;
      }
    },

    async lookup(idempotencyKey: string): Promise<ChargeResult | null> {
      const found = await stripe.paymentIntents.search({
        query: `metadata['${KEY_FIELD}']:'${idempotencyKey}'`,
        limit: 1,
      });
      const intent = found.data[0];
      if (!intent) return null;
      const outcome = outcomeOfIntent(intent);
      if (!outcome) throw new Error(`payment intent ${intent.id} is still ${intent.status}`);
      return outcome;
    },

    async refund(request: RefundRequest) {
      const refund = await stripe.refunds.create(
        { payment_intent: request.reference, amount: request.amount },
        { idempotencyKey: request.idempotencyKey },
      );
      return { reference: refund.id };
    },

    verifyWebhook(rawBody, signature) {
      try {
        return stripe.webhooks.constructEvent(rawBody, signature, options.webhookSecret);
      } catch {
        throw new AppError('webhook_signature_invalid');
      }
    },

    async outcomeOf(paymentIntentId) {
      const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
      return { idempotencyKey: intent.metadata?.[KEY_FIELD] ?? null, result: outcomeOfIntent(intent) };
    },
  };
}
