import { Type } from 'typebox';
import { billingViews } from '../../../billing/index.js';
import { Nullable } from '../../../lib/view-schema.js';
import { body } from '../../schemas.js';
import { Currency, Cycle, MinorNonNegative } from './billing.schemas.js';

/** The catalog: plans, their price versions, and coupons. */

export const Price = billingViews.PriceView;
export const Plan = billingViews.PlanView;
export const Coupon = billingViews.CouponView;
const { EntitlementsInput, Metered } = billingViews;

const planFields = {
  code: Type.String({ minLength: 1, maxLength: 50, pattern: '^[a-z0-9][a-z0-9_-]*$' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  description: Type.String({ maxLength: 2000 }),
  rank: Type.Integer({ minimum: 0, maximum: 1000 }),
  trialDays: Type.Integer({ minimum: 0, maximum: 365 }),
  entitlements: EntitlementsInput,
};
export const NewPlan = body(planFields);
export const PlanChanges = body({
  code: Type.Optional(planFields.code),
  name: Type.Optional(planFields.name),
  description: Type.Optional(planFields.description),
  rank: Type.Optional(planFields.rank),
  trialDays: Type.Optional(planFields.trialDays),
  entitlements: Type.Optional(EntitlementsInput),
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

export const NewCoupon = body({
  code: Type.String({ minLength: 1, maxLength: 50, pattern: '^[A-Za-z0-9_-]+$' }),
  kind: Type.Union([Type.Literal('percent'), Type.Literal('amount')]),
  percentOff: Type.Optional(Type.String({ pattern: '^\\d{1,3}(\\.\\d{1,4})?$' })),
  amountOff: Type.Optional(MinorNonNegative),
  currency: Type.Optional(Currency),
  durationCycles: Nullable(
    Type.Integer({ minimum: 1, maximum: 1000, description: 'Cycles the coupon applies to; null for ever.' }),
  ),
});
