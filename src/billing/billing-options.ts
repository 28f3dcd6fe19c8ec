import { ConfigError, configParsers as parse, type ConfigArea } from '../platform/index.js';

/** Which payment gateway charges cards, and Stripe's keys when it is Stripe. */
export interface BillingConfig {
  paymentGateway: 'sandbox' | 'stripe';
  stripeSecretKey: string | undefined;
  stripePublishableKey: string | undefined;
  stripeWebhookSecret: string | undefined;
  stripeApiUrl: string | undefined;
}

/** Needed once Stripe is the gateway; checked after every option is read, so the message names the missing one. */
const stripeKeys: readonly (keyof BillingConfig)[] = [
  'stripeSecretKey',
  'stripePublishableKey',
  'stripeWebhookSecret',
];

export const billingConfig: ConfigArea<BillingConfig> = {
  options: [
    {
      key: 'paymentGateway',
      env: 'IMHOST_PAYMENT_GATEWAY',
      description:
        '`sandbox`: the embedded test gateway (Stripe test-card behaviour, no money moves). `stripe`: Stripe; needs the three `IMHOST_STRIPE_*` keys.',
      defaultValue: 'sandbox',
      parse: parse.oneOf('sandbox', 'stripe'),
    },
    {
      key: 'stripeSecretKey',
      env: 'IMHOST_STRIPE_SECRET_KEY',
      description: 'Stripe secret (`sk_…`) or restricted (`rk_…`) API key. Required with the Stripe gateway.',
      defaultValue: undefined,
      parse: parse.prefixed('sk_', 'rk_'),
    },
    {
      key: 'stripePublishableKey',
      env: 'IMHOST_STRIPE_PUBLISHABLE_KEY',
      description:
        'Stripe publishable key (`pk_…`), given to Stripe.js in the dashboard. Required with the Stripe gateway.',
      defaultValue: undefined,
      parse: parse.prefixed('pk_'),
    },
    {
      key: 'stripeWebhookSecret',
      env: 'IMHOST_STRIPE_WEBHOOK_SECRET',
      description:
        'Signing secret (`whsec_…`) of the webhook endpoint `/api/v1/billing/webhooks/stripe`. Required with the Stripe gateway.',
      defaultValue: undefined,
      parse: parse.prefixed('whsec_'),
    },
    {
      key: 'stripeApiUrl',
      env: 'IMHOST_STRIPE_API_URL',
      description:
        'For testing only: send Stripe API calls to this Stripe-compatible endpoint (`http://127.0.0.1:12111`) instead of api.stripe.com.',
      defaultValue: undefined,
      parse: parse.optionalUrl,
    },
  ],
  finish(config) {
    if (config.paymentGateway !== 'stripe') return;
    for (const option of billingConfig.options) {
      if (stripeKeys.includes(option.key) && config[option.key] === undefined)
        throw new ConfigError(option.env, 'is required when IMHOST_PAYMENT_GATEWAY is stripe');
    }
  },
};
