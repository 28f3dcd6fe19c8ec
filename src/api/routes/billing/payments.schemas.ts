import { Type, type Static } from 'typebox';
import { billingViews } from '../../../billing/index.js';
import { body, PageQuery, Text } from '../../schemas.js';

/** Payments and the cards they are made with. */

export const PaymentMethod = billingViews.PaymentMethodView;
export const Payment = billingViews.PaymentView;

export const NewCard = body({
  number: Type.String({
    minLength: 12,
    maxLength: 30,
    pattern: '^[0-9 -]+$',
    description: 'Sent to the gateway, never stored.',
  }),
  expMonth: Type.Integer({ minimum: 1, maximum: 12 }),
  expYear: Type.Integer({ minimum: 2000, maximum: 2100 }),
  cvc: Type.String({ minLength: 3, maxLength: 4, pattern: '^[0-9]+$' }),
  makeDefault: Type.Optional(Type.Boolean()),
});
const StripeId = (prefix: string, description: string) =>
  Type.String({ maxLength: 255, pattern: `^${prefix}_[A-Za-z0-9_]+$`, description });
const CardFromSetupIntent = body({
  setupIntentId: StripeId('seti', 'The SetupIntent that Stripe.js confirmed (`stripe.confirmCardSetup`).'),
  makeDefault: Type.Optional(Type.Boolean()),
});
const CardFromPaymentMethod = body({
  paymentMethodId: StripeId('pm', 'A PaymentMethod made by Stripe.js (`stripe.createPaymentMethod`).'),
  makeDefault: Type.Optional(Type.Boolean()),
});
/**
 * The sandbox takes a card number; Stripe a reference to what Stripe.js collected. Branching on
 * `number` (rather than a plain anyOf) keeps validation messages about the one shape meant.
 */
export const NewPaymentMethod = Type.Unsafe<
  Static<typeof NewCard> | Static<typeof CardFromSetupIntent> | Static<typeof CardFromPaymentMethod>
>({
  type: 'object',
  description:
    'With the sandbox gateway: `number`, `expMonth`, `expYear`, `cvc`. With Stripe: `setupIntentId` or `paymentMethodId` (card numbers never reach this server). A card whose issuer asks for authentication (3-D Secure) is answered `card_authentication_required` with `details.setupIntentId` and `details.clientSecret`: complete it with `stripe.handleNextAction({clientSecret})`, then send the `setupIntentId`.',
  if: { type: 'object', required: ['number'] },
  then: NewCard,
  else: Type.Union([CardFromSetupIntent, CardFromPaymentMethod]),
} as never);
export const CardCollection = billingViews.CardCollection;
export const CardSetup = billingViews.CardSetup;

export const AdminPaymentQuery = Type.Object(
  {
    ...PageQuery.properties,
    customerId: Type.Optional(Text({ maxLength: 100, description: "Only this customer's payments." })),
  },
  { additionalProperties: false },
);
