import Stripe from 'stripe';
import type { Clock } from '../../lib/clock.js';
import { AppError } from '../../lib/errors.js';
import { scopedDb, type AnyDb, type BillingTables } from '../../platform/index.js';
import type { BillingConfig } from '../billing-options.js';
import { findGatewayCustomer, insertGatewayCustomer } from './gateway-customers.repository.js';
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
  config: Pick<
    BillingConfig,
    'stripeSecretKey' | 'stripePublishableKey' | 'stripeWebhookSecret' | 'stripeApiUrl'
  >,
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

/** The gateway's name, on its payment methods, payments and customer mappings. */
const GATEWAY = 'stripe';
const KEY_FIELD = 'imhost_key';
/** On Stripe customers and SetupIntents: whose they are, so one organisation cannot claim another's card. */
const CUSTOMER_FIELD = 'imhost_customer';

const idOf = (value: string | { id: string } | null | undefined) =>
  typeof value === 'string' ? value : (value?.id ?? null);

/**
 * Why a SetupIntent has not saved its card, as the error the client acts on. A bank may ask for
 * authentication (3-D Secure) before a card is saved for off-session use, which only the cardholder
 * can give, in the browser: the client gets the intent's secret for `stripe.handleNextAction` and
 * sends the setupIntentId once done. Back at requires_payment_method with an error, a confirmation
 * failed: authentication was refused or the card declined. Only ever shown to the intent's owner.
 */
function setupNotSaved(intent: Stripe.SetupIntent): AppError {
  if (intent.status === 'requires_action')
    return new AppError('card_authentication_required', {
      details: { setupIntentId: intent.id, clientSecret: intent.client_secret },
    });
  if (intent.status === 'requires_payment_method' && intent.last_setup_error)
    return new AppError(
      'card_declined',
      intent.last_setup_error.message ? { message: intent.last_setup_error.message } : {},
    );
  return new AppError('card_setup_incomplete');
}

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
export function createStripeGateway(
  options: StripeGatewayOptions,
  deps: { db: AnyDb; clock: Clock },
): StripeGateway {
  const db = scopedDb<BillingTables>(deps.db);
  const stripe = new Stripe(options.secretKey, {
    apiVersion: STRIPE_API_VERSION as Stripe.LatestApiVersion,
    maxNetworkRetries: 0,
    ...(options.host ? { host: options.host } : {}),
    ...(options.port ? { port: options.port } : {}),
    ...(options.protocol ? { protocol: options.protocol } : {}),
  });

  /**
   * One Stripe customer per organisation, kept in billing_gateway_customers. Without a stored one:
   * the one behind its stored cards, else one found by its metadata (a customer made before the
   * mapping was stored, or whose mapping a crash lost), else a new one. Search lags about a minute
   * behind writes, so two setups in quick succession both get here and both create: the
   * idempotency key built from our id makes Stripe answer both with the same customer, and the
   * mapping's insert keeps the first one stored if they still differ.
   */
  async function stripeCustomerOf(customer: GatewayCustomer): Promise<string> {
    const stored = await findGatewayCustomer(db, customer.id, GATEWAY);
    if (stored) return stored;
    const stripeCustomer =
      customer.tokens.map((token) => token.split('|')[0]).find((id) => id?.startsWith('cus_')) ??
      (await searchedCustomer(customer)) ??
      (await createdCustomer(customer));
    const kept = await insertGatewayCustomer(db, {
      customer_id: customer.id,
      gateway: GATEWAY,
      external_id: stripeCustomer,
      created_at: deps.clock.now().toISOString(),
    });
    if (!kept) throw new Error(`Stripe customer ${stripeCustomer} is already stored for another customer`);
    return kept;
  }

  async function searchedCustomer(customer: GatewayCustomer): Promise<string | undefined> {
    const found = await stripe.customers.search({
      query: `metadata['${CUSTOMER_FIELD}']:'${customer.id}'`,
      limit: 1,
    });
    return found.data[0]?.id;
  }

  async function createdCustomer(customer: GatewayCustomer): Promise<string> {
    const created = await stripe.customers.create(
      { metadata: { [CUSTOMER_FIELD]: customer.id } },
      {
        idempotencyKey: `imhost-customer-${customer.id}`,
        // A concurrent request with the same key is refused with a 409 while the first runs; the
        // SDK retries those (and connection errors), and the key makes a retry answer the first.
        maxNetworkRetries: 2,
      },
    );
    return created.id;
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
    name: GATEWAY,
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

    /**
     * A card that needs authentication is not saved yet: the caller completes it with Stripe.js and
     * sends the setupIntentId, which lands here again once the intent has succeeded.
     */
    async attachCard(customer, reference) {
      const intent = await confirmedSetup(customer, reference);
      const paymentMethodId = idOf(intent.payment_method);
      if (intent.status !== 'succeeded' || !paymentMethodId) throw setupNotSaved(intent);
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
