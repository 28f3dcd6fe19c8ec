import Stripe from 'stripe';
import { AppError } from '../../lib/errors.js';
import type { Config } from '../../platform/index.js';
import type {
  CardReference,
  ChargeRequest,
  ChargeResult,
  GatewayCustomer,
  PaymentGateway,
  RefundRequest,
} from './payment-gateway.js';

/**
 * Pinned: Stripe changes object shapes between versions (invoice.subscription moved in 2025), and
 * an unpinned client would follow the account's default silently.
 */
export const STRIPE_API_VERSION = '2026-10-28.endive';

export interface StripeGatewayOptions {
  secretKey: string;
  publishableKey: string;
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

/** The gateway options from the configuration (which guarantees the keys once Stripe is selected). */
export function stripeGatewayOptions(
  config: Pick<Config, 'stripeSecretKey' | 'stripePublishableKey' | 'stripeWebhookSecret' | 'stripeApiUrl'>,
): StripeGatewayOptions {
  const options: StripeGatewayOptions = {
    secretKey: config.stripeSecretKey ?? '',
    publishableKey: config.stripePublishableKey ?? '',
    webhookSecret: config.stripeWebhookSecret ?? '',
  };
  if (!config.stripeApiUrl) return options;
  const api = new URL(config.stripeApiUrl);
  const protocol = api.protocol === 'http:' ? 'http' : 'https';
  return {
    ...options,
    host: api.hostname,
    port: api.port ? Number(api.port) : protocol === 'http' ? 80 : 443,
    protocol,
  };
}

const KEY_FIELD = 'imhost_key';
/** On Stripe customers and SetupIntents: whose they are, so one organisation cannot claim another's card. */
const CUSTOMER_FIELD = 'imhost_customer';

const idOf = (value: string | { id: string } | null | undefined) =>
  typeof value === 'string' ? value : (value?.id ?? null);

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
 * The Stripe adapter on the official SDK: card numbers never reach us. The dashboard confirms an
 * off-session SetupIntent with Stripe.js (or sends a PaymentMethod we confirm one with), and we keep
 * the customer and payment method ids as the token. Cards are charged with off-session PaymentIntents carrying our
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

  /**
   * One Stripe customer per organisation: the one behind its stored cards, else the one made for an
   * earlier setup (found by its metadata; Stripe's search lags a minute behind, so two setups started
   * within it may make two), else a new one.
   */
  async function stripeCustomerOf(customer: GatewayCustomer): Promise<string> {
    const known = customer.tokens.map((token) => token.split('|')[0]).find((id) => id?.startsWith('cus_'));
    if (known) return known;
    const found = await stripe.customers.search({
      query: `metadata['${CUSTOMER_FIELD}']:'${customer.id}'`,
      limit: 1,
    });
    if (found.data[0]) return found.data[0].id;
    return (await stripe.customers.create({ metadata: { [CUSTOMER_FIELD]: customer.id } })).id;
  }

  /** The SetupIntent behind a card reference, only if it was made for this customer. */
  async function confirmedSetup(customer: GatewayCustomer, reference: CardReference) {
    try {
      if ('paymentMethodId' in reference) {
        return await stripe.setupIntents.create({
          customer: await stripeCustomerOf(customer),
          payment_method: reference.paymentMethodId,
          usage: 'off_session',
          allowed_payment_method_types: ['card'],
          confirm: true,
          metadata: { [CUSTOMER_FIELD]: customer.id },
        });
      }
      const intent = await stripe.setupIntents.retrieve(reference.setupIntentId);
      if (intent.metadata?.[CUSTOMER_FIELD] !== customer.id) throw new AppError('card_setup_not_found');
      return intent;
    } catch (error) {
      if (error instanceof Stripe.errors.StripeCardError)
        throw new AppError('card_declined', { message: error.message });
      // An unknown id, or a payment method that belongs to another Stripe customer.
      if (error instanceof Stripe.errors.StripeInvalidRequestError)
        throw new AppError('card_setup_not_found');
      throw error;
    }
  }

  function split(token: string): { customer: string; paymentMethod: string } {
    const [customer, paymentMethod] = token.split('|');
    if (!customer || !paymentMethod) throw new AppError('payment_method_not_found');
    return { customer, paymentMethod };
  }

  return {
    name: 'stripe',
    cardCollection: { gateway: 'stripe', publishableKey: options.publishableKey },

    async prepareCardSetup(customer) {
      // With the customer on the intent, Stripe attaches the card to it on success and refuses a
      // card that belongs to another customer.
      const intent = await stripe.setupIntents.create({
        customer: await stripeCustomerOf(customer),
        usage: 'off_session',
        allowed_payment_method_types: ['card'],
        metadata: { [CUSTOMER_FIELD]: customer.id },
      });
      return {
        gateway: 'stripe',
        publishableKey: options.publishableKey,
        clientSecret: intent.client_secret ?? '',
        setupIntentId: intent.id,
      };
    },

    async addCard() {
      throw new AppError('card_number_not_accepted');
    },

    async attachCard(customer, reference) {
      const intent = await confirmedSetup(customer, reference);
      const paymentMethodId = idOf(intent.payment_method);
      if (intent.status !== 'succeeded' || !paymentMethodId) throw new AppError('card_setup_incomplete');
      const stripeCustomer = idOf(intent.customer);
      if (!stripeCustomer) throw new AppError('card_setup_incomplete');
      const method = await stripe.paymentMethods.retrieve(paymentMethodId);
      return {
        token: `${stripeCustomer}|${method.id}`,
        brand: method.card?.brand ?? 'unknown',
        last4: method.card?.last4 ?? '',
        expMonth: method.card?.exp_month ?? 0,
        expYear: method.card?.exp_year ?? 0,
      };
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
