import { Type, type Static } from 'typebox';
import { body, PageQuery, Text } from '../../schemas.js';

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Timestamp = Type.String({ format: 'date-time' });
const Id = Type.String({ minLength: 1, maxLength: 100, pattern: '^[\\x21-\\x7e]+$' });
/** Integer minor units of the currency next to it (cents for EUR, yen for JPY). */
const Minor = Type.Integer({ description: 'Amount in minor units of the currency (e.g. cents).' });
const MinorNonNegative = Type.Integer({
  minimum: 0,
  maximum: 1_000_000_000_000,
  description: 'Amount in minor units.',
});
export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code.' });
export const Cycle = Type.Union([Type.Literal('monthly'), Type.Literal('quarterly'), Type.Literal('annual')]);

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
export const CustomerIdParams = Type.Object({ customerId: Id, id: Id }, { additionalProperties: false });
export const CustomerParams = Type.Object({ customerId: Id }, { additionalProperties: false });

const Tier = Type.Object(
  {
    upTo: nullable(Type.Integer({ minimum: 1 })),
    unitAmount: Type.String({
      pattern: '^\\d{1,12}(\\.\\d{1,8})?$',
      description: 'Minor units per unit; decimals allowed (0.02).',
    }),
    flatAmount: Type.Optional(MinorNonNegative),
  },
  { additionalProperties: false },
);
const Metric = Type.Union([
  Type.Literal('active_members'),
  Type.Literal('messages'),
  Type.Literal('storage_gb'),
]);
const Metered = Type.Object(
  {
    metric: Metric,
    model: Type.Union([Type.Literal('per_unit'), Type.Literal('graduated'), Type.Literal('volume')]),
    tiers: Type.Array(Tier, { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);

export const Price = Type.Object({
  id: Type.String(),
  planId: Type.String(),
  cycle: Cycle,
  currency: Type.String(),
  version: Type.Integer(),
  amount: Minor,
  seatAmount: Minor,
  includedSeats: Type.Integer(),
  setupFee: Minor,
  metered: Type.Array(Metered),
  isCurrent: Type.Boolean(),
});

const Entitlements = Type.Object(
  {
    maxMembers: Type.Integer({ minimum: 0 }),
    uploadQuotaMb: Type.Integer({ minimum: 0 }),
    archiveRetentionDays: Type.Integer({ minimum: 0 }),
    customDomain: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const Plan = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  rank: Type.Integer(),
  trialDays: Type.Integer(),
  isActive: Type.Boolean(),
  entitlements: Entitlements,
  prices: Type.Array(Price),
});

const planFields = {
  code: Type.String({ minLength: 1, maxLength: 50, pattern: '^[a-z0-9][a-z0-9_-]*$' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  description: Type.String({ maxLength: 2000 }),
  rank: Type.Integer({ minimum: 0, maximum: 1000 }),
  trialDays: Type.Integer({ minimum: 0, maximum: 365 }),
  entitlements: Entitlements,
};
export const NewPlan = body(planFields);
export const PlanChanges = body({
  code: Type.Optional(planFields.code),
  name: Type.Optional(planFields.name),
  description: Type.Optional(planFields.description),
  rank: Type.Optional(planFields.rank),
  trialDays: Type.Optional(planFields.trialDays),
  entitlements: Type.Optional(Entitlements),
  isActive: Type.Optional(Type.Boolean()),
});
export const NewPrice = body({
  cycle: Cycle,
  currency: Currency,
  amount: MinorNonNegative,
  seatAmount: Type.Optional(MinorNonNegative),
  includedSeats: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  setupFee: Type.Optional(MinorNonNegative),
  metered: Type.Optional(Type.Array(Metered, { maxItems: 3 })),
});

export const Coupon = Type.Object({
  id: Type.String(),
  code: Type.String(),
  kind: Type.Union([Type.Literal('percent'), Type.Literal('amount')]),
  percentOff: nullable(Type.String()),
  amountOff: nullable(Minor),
  currency: nullable(Type.String()),
  durationCycles: nullable(Type.Integer()),
  isActive: Type.Boolean(),
  createdAt: Timestamp,
});
export const NewCoupon = body({
  code: Type.String({ minLength: 1, maxLength: 50, pattern: '^[A-Za-z0-9_-]+$' }),
  kind: Type.Union([Type.Literal('percent'), Type.Literal('amount')]),
  percentOff: Type.Optional(Type.String({ pattern: '^\\d{1,3}(\\.\\d{1,4})?$' })),
  amountOff: Type.Optional(MinorNonNegative),
  currency: Type.Optional(Currency),
  durationCycles: nullable(
    Type.Integer({ minimum: 1, maximum: 1000, description: 'Cycles the coupon applies to; null for ever.' }),
  ),
});

const TimelineEntry = Type.Object({
  periodStart: Timestamp,
  periodEnd: Timestamp,
  issueAt: Timestamp,
  dueAt: Timestamp,
  planId: Type.String(),
  priceId: Type.String(),
  cycle: Cycle,
  currency: Type.String(),
  subtotal: Minor,
  discount: Minor,
  tax: Minor,
  total: Minor,
});
const SubscriptionStatus = Type.Union([
  Type.Literal('incomplete'),
  Type.Literal('trial'),
  Type.Literal('active'),
  Type.Literal('past_due'),
  Type.Literal('suspended'),
  Type.Literal('cancelled'),
  Type.Literal('terminated'),
]);

export const Subscription = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  hostId: Type.String(),
  planId: Type.String(),
  planName: Type.String(),
  priceId: Type.String(),
  cycle: Cycle,
  currency: Type.String(),
  seats: Type.Integer(),
  status: SubscriptionStatus,
  anchorDate: Type.String({
    description: 'Local calendar date in timeZone; every period is derived from it.',
  }),
  timeZone: Type.String(),
  trialEndsAt: nullable(Timestamp),
  currentPeriodStart: nullable(Timestamp),
  currentPeriodEnd: nullable(Timestamp),
  cancelAt: nullable(Timestamp),
  scheduledPriceId: nullable(Type.String()),
  pendingPriceId: nullable(Type.String()),
  pendingFrom: nullable(Timestamp),
  endedAt: nullable(Timestamp),
  createdAt: Timestamp,
  next: nullable(TimelineEntry),
  timeline: Type.Array(TimelineEntry, { description: 'The coming cycles with their dates and amounts.' }),
});

export const StartSubscription = body({
  customerId: Id,
  hostId: Id,
  planId: Id,
  cycle: Cycle,
  currency: Currency,
  seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  couponCode: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
});

const InvoiceLine = Type.Object({
  kind: Type.String(),
  description: Type.String(),
  quantity: Type.Integer(),
  amount: Minor,
  discount: Minor,
  tax: Minor,
  periodStart: nullable(Timestamp),
  periodEnd: nullable(Timestamp),
});

const invoiceFields = {
  id: Type.String(),
  number: nullable(Type.String()),
  customerId: Type.String(),
  subscriptionId: nullable(Type.String()),
  hostId: nullable(Type.String()),
  kind: Type.Union([
    Type.Literal('initial'),
    Type.Literal('renewal'),
    Type.Literal('proration'),
    Type.Literal('manual'),
  ]),
  status: Type.Union([
    Type.Literal('draft'),
    Type.Literal('open'),
    Type.Literal('paid'),
    Type.Literal('void'),
  ]),
  currency: Type.String(),
  subtotal: Minor,
  discount: Minor,
  tax: Minor,
  taxPercent: Type.String(),
  isTaxInclusive: Type.Boolean(),
  taxNote: nullable(Type.String()),
  total: Minor,
  creditApplied: Minor,
  amountPaid: Minor,
  amountDue: Minor,
  periodStart: nullable(Timestamp),
  periodEnd: nullable(Timestamp),
  issuedAt: nullable(Timestamp),
  dueAt: Timestamp,
  paidAt: nullable(Timestamp),
  voidedAt: nullable(Timestamp),
  nextChargeAt: nullable(Timestamp),
  chargeAttempts: Type.Integer(),
  timeZone: Type.String({
    description:
      "The customer's billing time zone when the invoice was issued: its dates are calendar days there.",
  }),
};
export const InvoiceSummary = Type.Object(invoiceFields);
export const Invoice = Type.Object({ ...invoiceFields, lines: Type.Array(InvoiceLine) });

export const Quote = Type.Object({
  currency: Type.String(),
  lines: Type.Array(
    Type.Object({
      kind: Type.String(),
      description: Type.String(),
      quantity: Type.Integer(),
      amount: Minor,
      discount: Minor,
      tax: Minor,
      periodStart: nullable(Timestamp),
      periodEnd: nullable(Timestamp),
    }),
  ),
  subtotal: Minor,
  discount: Minor,
  tax: Minor,
  total: Minor,
  taxPercent: Type.String(),
  isTaxInclusive: Type.Boolean(),
  taxNote: nullable(Type.String()),
});

export const ChangePlanBody = body({
  planId: Type.Optional(Id),
  cycle: Type.Optional(Cycle),
  seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  preview: Type.Optional(Type.Boolean({ default: false, description: 'Quote only; nothing changes.' })),
});
export const ChangeResult = Type.Object({
  subscriptionId: Type.String(),
  effective: Type.Union([Type.Literal('now'), Type.Literal('period_end')]),
  effectiveAt: Timestamp,
  fromPriceId: Type.String(),
  toPriceId: Type.String(),
  seats: Type.Integer(),
  quote: nullable(Quote),
  invoiceId: nullable(Type.String()),
  isPreview: Type.Boolean(),
});
export const CancelBody = body({ atPeriodEnd: Type.Optional(Type.Boolean({ default: true })) });
export const CancelResult = Type.Object({
  subscriptionId: Type.String(),
  endsAt: Timestamp,
  creditInvoiceId: nullable(Type.String()),
});

export const PaymentMethod = Type.Object({
  id: Type.String(),
  brand: Type.String(),
  last4: Type.String(),
  expMonth: Type.Integer(),
  expYear: Type.Integer(),
  isDefault: Type.Boolean(),
  createdAt: Timestamp,
});
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
export const CardCollection = Type.Union([
  Type.Object({ gateway: Type.Literal('sandbox') }),
  Type.Object({ gateway: Type.Literal('stripe'), publishableKey: Type.String() }),
]);
export const CardSetup = Type.Union([
  Type.Object({ gateway: Type.Literal('sandbox') }),
  Type.Object({
    gateway: Type.Literal('stripe'),
    publishableKey: Type.String(),
    clientSecret: Type.String({ description: 'For `stripe.confirmCardSetup`; single use.' }),
    setupIntentId: Type.String(),
  }),
]);

export const Payment = Type.Object({
  id: Type.String(),
  customerId: Type.String(),
  invoiceId: Type.String(),
  gateway: Type.String(),
  currency: Type.String(),
  amount: Minor,
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('succeeded'),
    Type.Literal('failed'),
    Type.Literal('unknown'),
  ]),
  failureCode: nullable(Type.String()),
  failureMessage: nullable(Type.String()),
  refundedAmount: Minor,
  createdAt: Timestamp,
  timeZone: Type.String({ description: "The customer's billing time zone, in which its date is read." }),
});

export const CreditNote = Type.Object({
  id: Type.String(),
  number: Type.String(),
  invoiceId: Type.String(),
  currency: Type.String(),
  amount: Minor,
  reason: Type.String(),
  createdAt: Timestamp,
});
export const AmountWithReason = body({
  amount: Type.Integer({ minimum: 1, maximum: 1_000_000_000_000 }),
  reason: Type.String({ minLength: 1, maxLength: 500 }),
});
export const OfflinePayment = body({ reference: Type.String({ minLength: 1, maxLength: 200 }) });

export const Profile = Type.Object({
  customerId: Type.String(),
  email: nullable(Type.String()),
  timeZone: Type.String(),
  country: nullable(Type.String()),
  vatId: nullable(Type.String()),
  legalName: nullable(Type.String()),
  address: nullable(Type.String()),
});
export const ProfileChanges = body({
  email: Type.Optional(
    nullable(Type.String({ minLength: 3, maxLength: 320, pattern: '^[^@\\s]+@[^@\\s]+$' })),
  ),
  timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  country: Type.Optional(nullable(Type.String({ pattern: '^[A-Za-z]{2}$' }))),
  vatId: Type.Optional(nullable(Type.String({ minLength: 4, maxLength: 20, pattern: '^[A-Za-z0-9]+$' }))),
  legalName: Type.Optional(nullable(Type.String({ minLength: 1, maxLength: 200 }))),
  address: Type.Optional(nullable(Type.String({ maxLength: 1000 }))),
});

export const LedgerEntry = Type.Object({
  id: Type.String(),
  transactionId: Type.String(),
  account: Type.Union([
    Type.Literal('receivable'),
    Type.Literal('revenue'),
    Type.Literal('tax_payable'),
    Type.Literal('cash'),
    Type.Literal('customer_credit'),
  ]),
  currency: Type.String(),
  amount: Minor,
  invoiceId: nullable(Type.String()),
  paymentId: nullable(Type.String()),
  memo: Type.String(),
  createdAt: Timestamp,
});

export const Revenue = Type.Object({
  mrr: Type.Array(Type.Object({ currency: Type.String(), amount: Minor })),
  churn: Type.Object({ ended: Type.Integer(), liveAtStart: Type.Integer(), rate: Type.Number() }),
  revenueByMonth: Type.Array(Type.Object({ month: Type.String(), currency: Type.String(), amount: Minor })),
});

export const InvoiceListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    before: Type.Optional(Type.String({ maxLength: 100 })),
    subscriptionId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export const AdminInvoiceQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    before: Type.Optional(Type.String({ maxLength: 100 })),
    status: Type.Optional(
      Type.Union([Type.Literal('draft'), Type.Literal('open'), Type.Literal('paid'), Type.Literal('void')]),
    ),
    overdue: Type.Optional(Type.Boolean({ description: 'Only open invoices past due: the dunning queue.' })),
    customerId: Type.Optional(Text({ maxLength: 100, description: "Only this customer's invoices." })),
  },
  { additionalProperties: false },
);

export const AdminPaymentQuery = Type.Object(
  {
    ...PageQuery.properties,
    customerId: Type.Optional(Text({ maxLength: 100, description: "Only this customer's payments." })),
  },
  { additionalProperties: false },
);

export const Usage = Type.Object({
  subscriptionId: Type.String(),
  periodStart: Timestamp,
  periodEnd: Timestamp,
  currency: Type.String(),
  metrics: Type.Array(Type.Object({ metric: Metric, quantity: Type.Integer(), amount: Minor })),
  total: Minor,
});

export const NewManualInvoice = body({
  currency: Currency,
  dueInDays: Type.Integer({ minimum: 0, maximum: 365 }),
  hostId: Type.Optional(Id),
  lines: Type.Array(
    Type.Object(
      {
        description: Type.String({ minLength: 1, maxLength: 500 }),
        quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
        unitAmount: Type.Integer({
          minimum: -1_000_000_000,
          maximum: 1_000_000_000,
          description: 'Minor units per unit.',
        }),
      },
      { additionalProperties: false },
    ),
    { minItems: 1, maxItems: 100 },
  ),
});
